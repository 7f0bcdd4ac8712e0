package org.touchstone.hq.stats;

import java.io.IOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A statistic as rows and named columns: what the CSV export writes and the terminal report prints. */
public record Table(String title, List<String> columns, List<List<Object>> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    static Table of(String title, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof java.sql.Timestamp) {
                    v = rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toInstant();
                }
                row.add(v);
            }
            rows.add(row);
        }
        return new Table(title, columns, rows);
    }

    /** The values of one column, for tests and summaries. */
    public List<Object> column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + title + "; columns: " + columns);
        }
        return rows.stream().map(r -> r.get(i)).toList();
    }

    /** RFC 4180 CSV with a header line, quoting by Commons CSV. */
    public void writeCsv(Writer out) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(columns.toArray(String[]::new)).get())) {
            for (List<Object> row : rows) {
                List<Object> cells = new ArrayList<>(row.size());
                for (Object v : row) {
                    cells.add(v == null ? "" : v instanceof java.sql.Array a ? arrayText(a) : v.toString());
                }
                csv.printRecord(cells);
            }
        }
    }

    /** A fixed-width rendering for the terminal. */
    public String text() {
        int[] width = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
        }
        for (List<Object> row : rows) {
            List<String> r = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String s = row.get(i) == null ? "" : row.get(i).toString();
                if (s.length() > 60) {
                    s = s.substring(0, 59) + "…";
                }
                width[i] = Math.max(width[i], s.length());
                r.add(s);
            }
            cells.add(r);
        }
        StringBuilder sb = new StringBuilder(title).append('\n');
        line(sb, columns, width);
        for (List<String> r : cells) {
            line(sb, r, width);
        }
        if (rows.isEmpty()) {
            sb.append("  (none)\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append(' ');
        for (int i = 0; i < cells.size(); i++) {
            sb.append(' ').append(String.format("%-" + width[i] + "s", cells.get(i)));
        }
        sb.append('\n');
    }

    private static String arrayText(java.sql.Array a) {
        try {
            Object[] values = (Object[]) a.getArray();
            return String.join(";", java.util.Arrays.stream(values).map(String::valueOf).toList());
        } catch (SQLException e) {
            return a.toString();
        }
    }
}
