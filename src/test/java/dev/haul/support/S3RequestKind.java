package dev.haul.support;

import java.util.Map;

/** Which S3 operation a request is, told by its method and query as {@link S3FaultProxy} sees it (path-style). */
public enum S3RequestKind {
    PUT_OBJECT, UPLOAD_PART, CREATE_MULTIPART_UPLOAD, COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD, LIST_MULTIPART_UPLOADS, GET_OBJECT, OTHER;

    /**
     * Classifies a request; {@code query} holds the query parameter names (values may be empty). A PUT to a key with a
     * copy source (CopyObject, UploadPartCopy) or with a sub-resource such as {@code ?tagging} is OTHER.
     */
    static S3RequestKind of(String method, String path, Map<String, String> query, boolean copySource) {
        boolean upload = query.containsKey("uploadId");
        return switch (method) {
            case "PUT" -> copySource
                    ? OTHER
                    : upload && query.containsKey("partNumber")
                            ? UPLOAD_PART
                            : query.isEmpty() && isObjectPath(path)
                                    ? PUT_OBJECT
                                    : OTHER;
            case "POST" -> query.containsKey("uploads")
                    ? CREATE_MULTIPART_UPLOAD
                    : upload
                            ? COMPLETE_MULTIPART_UPLOAD
                            : OTHER;
            case "DELETE" -> upload ? ABORT_MULTIPART_UPLOAD : OTHER;
            case "GET" -> query.isEmpty() && isObjectPath(path)
                    ? GET_OBJECT
                    : query.containsKey("uploads") && !isObjectPath(path)
                            ? LIST_MULTIPART_UPLOADS
                            : OTHER;
            default -> OTHER;
        };
    }

    /** {@code /bucket/key...}: a bucket segment and a non-empty key. */
    private static boolean isObjectPath(String path) {
        int slash = path.indexOf('/', 1);
        return slash > 0 && slash < path.length() - 1;
    }
}
