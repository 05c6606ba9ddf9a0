package dev.haul.model;

import java.net.URI;

/** URLs as they may appear in logs: no user-info and no query string, which often carry credentials. */
public final class Redaction {

    private Redaction() {}

    public static String forLog(URI url) {
        StringBuilder out = new StringBuilder();
        out.append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            out.append(':').append(url.getPort());
        }
        out.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            out.append("?…");
        }
        return out.toString();
    }
}
