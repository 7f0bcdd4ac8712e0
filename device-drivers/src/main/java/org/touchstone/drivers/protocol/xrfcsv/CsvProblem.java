package org.touchstone.drivers.protocol.xrfcsv;

/**
 * Something in a results CSV that could not be read: the file or stream, the line (1-based), the column
 * (1-based, 0 for the whole line) and its header name when known. Other rows are read regardless.
 */
public record CsvProblem(String source, long line, int column, String columnName, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source).append(", line ").append(line);
        if (column > 0) {
            sb.append(", column ").append(column);
            if (columnName != null && !columnName.isEmpty()) {
                sb.append(" (").append(columnName).append(')');
            }
        }
        return sb.append(": ").append(message).toString();
    }
}
