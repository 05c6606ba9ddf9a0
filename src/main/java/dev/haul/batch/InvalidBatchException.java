package dev.haul.batch;

/**
 * A batch that cannot run as given. {@code field} is the JSON path of the offending value ({@code items[2].url}),
 * or {@code null} when the document as a whole is wrong; the message says what is wrong with it.
 */
public class InvalidBatchException extends RuntimeException {

    private final String field;

    public InvalidBatchException(String field, String message) {
        super(field == null ? message : field + ": " + message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The reason without the field name in front. */
    public String reason() {
        String message = getMessage();
        return field == null ? message : message.substring(field.length() + 2);
    }
}
