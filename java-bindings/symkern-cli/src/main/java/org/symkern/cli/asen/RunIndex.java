package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of a suite result by id, for the report and its charts: built from {@link AsenSuite.Result#runs()}, so a
 * report can be written from asen.json alone (e.g. one merged from several parts, {@link AsenMerge}).
 */
final class RunIndex {
    private final Map<String, RunRecord> byId = new LinkedHashMap<>();

    RunIndex(List<RunRecord> runs) {
        for (RunRecord r : runs) byId.put(r.id(), r);
    }

    /** The runs with these ids, in order; an unknown id is an exception naming it. */
    List<RunRecord> runs(List<String> ids) {
        List<RunRecord> out = new ArrayList<>();
        for (String id : ids) {
            RunRecord r = byId.get(id);
            if (r == null) throw new IllegalArgumentException("asen result has no run '" + id + "'");
            out.add(r);
        }
        return out;
    }
}
