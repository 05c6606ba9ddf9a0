package dev.haul.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.haul.model.UrlAuthority;

/**
 * Makes the object key of a URL from a template such as {@code {prefix}/{host}/{path}}.
 *
 * <p>Distinct URLs get distinct keys: the port is part of {@code {host}}, a query string adds a hash of itself to the
 * file name ({@code report.csv?day=1} becomes {@code report_q-<16 hex>.csv}), and every byte outside a safe set is
 * percent-encoded, so no key segment can be {@code .} or {@code ..} and no key starts with {@code /}. A path ending
 * in {@code /} is stored as {@code .../index}. The scheme is not part of the key: http and https name the same object.
 */
public final class KeyTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final Set<String> NAMES = Set.of("prefix", "host", "path", "batchId");

    private final String template;

    public KeyTemplate(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        boolean hasPath = false;
        while (m.find()) {
            if (!NAMES.contains(m.group(1))) {
                throw new IllegalArgumentException("haul.store.key-template: unknown placeholder {" + m.group(1)
                        + "}; known: {prefix}, {host}, {path}, {batchId}");
            }
            hasPath |= m.group(1).equals("path");
        }
        if (!hasPath) {
            throw new IllegalArgumentException(
                    "haul.store.key-template: must contain {path}, or URLs would share keys");
        }
        this.template = template;
    }

    public String keyFor(URI url, String prefix, String batchId) {
        String key = template
                .replace("{prefix}", prefix)
                .replace("{host}", host(url))
                .replace("{path}", path(url))
                .replace("{batchId}", batchId);
        // Empty placeholders (an empty prefix) must not leave empty segments or a leading slash behind.
        return key.replaceAll("/{2,}", "/").replaceAll("^/", "");
    }

    static String host(URI url) {
        String host = UrlAuthority.hostOf(url);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1).replace(':', '-');
        }
        return url.getPort() < 0 ? encode(host) : encode(host) + "_" + url.getPort();
    }

    static String path(URI url) {
        String raw = url.getRawPath() == null ? "" : url.getRawPath();
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(encode(percentDecode(segment)));
            }
        }
        if (segments.isEmpty() || raw.endsWith("/")) {
            segments.add("index");
        }
        if (url.getRawQuery() != null) {
            int last = segments.size() - 1;
            segments.set(last, withQueryHash(segments.get(last), url.getRawQuery()));
        }
        return String.join("/", segments);
    }

    private static String withQueryHash(String name, String rawQuery) {
        String tag = "_q-" + sha256Hex(rawQuery).substring(0, 16);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + tag + name.substring(dot) : name + tag;
    }

    /** Keeps letters, digits and {@code -_.~}; every other byte becomes {@code %XX}; a segment of dots is escaped. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (safe) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        String encoded = out.toString();
        return encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
    }

    private static String percentDecode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
