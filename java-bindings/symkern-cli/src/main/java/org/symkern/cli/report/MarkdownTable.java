package org.symkern.cli.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table built row by row; every row must have as many cells as the header. */
public final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... header) {
        if (header.length == 0) throw new IllegalArgumentException("a table needs at least one column");
        this.header = List.of(header);
    }

    /** Appends a row; cells are converted with String.valueOf and '|' is escaped. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != header.size())
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table has " + header.size() + " columns " + header);
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) r.add(String.valueOf(c).replace("|", "\\|").replace("\n", " "));
        rows.add(r);
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (int i = 0; i < header.size(); i++) sb.append("---|");
        sb.append('\n');
        for (List<String> r : rows) line(sb, r);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) sb.append(' ').append(c).append(" |");
        sb.append('\n');
    }
}
