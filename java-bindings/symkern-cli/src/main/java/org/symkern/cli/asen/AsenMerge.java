package org.symkern.cli.asen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.symkern.cli.report.Json;

/**
 * One ASEN report from the asen.json files of several runs of the same preset (e.g. the invariant regression, hours on
 * its own, run apart from the other experiments): each experiment's summary is taken from the last part that ran it,
 * the runs of all parts are kept (a run id present in several parts must have the same test scores in each: the runs are
 * deterministic), and the report names each part's command, wall time and machine. The parts must agree on the shared
 * settings (model, rates, epochs, batch, unit size, seeds) and, for each experiment taken from a part, on that
 * experiment's settings in the merged preset; otherwise the merge fails naming the part and the setting.
 */
public final class AsenMerge {
    private AsenMerge() {}

    /** Merges {@code parts} (asen.json files) into {@code out} (asen.md, asen.json, charts); returns the merged result. */
    public static AsenSuite.Result merge(List<Path> parts, Path out, String command) {
        if (parts.isEmpty()) throw new IllegalArgumentException("--merge: no asen.json given");
        List<AsenSuite.Result> in = new ArrayList<>();
        for (Path part : parts) in.add(read(part));
        AsenSuite.Result last = in.get(in.size() - 1);
        AsenPreset p = last.settings();
        Map<String, Integer> source = new LinkedHashMap<>();                 // experiment -> index of the last part that ran it
        for (int i = 0; i < in.size(); ++i) {
            AsenSuite.Result r = in.get(i);
            if (!r.preset().equals(p.name()))
                throw new IllegalArgumentException(parts.get(i) + ": preset " + r.preset() + " differs from " + parts.get(in.size() - 1) + "'s " + p.name());
            AsenPreset q = r.settings();
            same(parts.get(i), "model", q.model(), p.model());
            same(parts.get(i), "rates", q.rates(), p.rates());
            same(parts.get(i), "epochs", q.epochs(), p.epochs());
            same(parts.get(i), "batch", q.batch(), p.batch());
            same(parts.get(i), "unit samples", q.unitSamples(), p.unitSamples());
            same(parts.get(i), "seeds", q.seeds(), p.seeds());
            for (String e : r.experiments()) source.put(e, i);
        }
        Map<String, RunRecord> runs = new LinkedHashMap<>();
        Map<String, Path> runPart = new LinkedHashMap<>();
        for (int i = 0; i < in.size(); ++i)
            for (RunRecord x : in.get(i).runs()) {
                RunRecord y = runs.get(x.id());
                if (y != null && !Json.toJson(y.test()).equals(Json.toJson(x.test())))
                    throw new IllegalArgumentException(parts.get(i) + ": run " + x.id() + " has other test scores than in " + runPart.get(x.id()));
                runs.put(x.id(), x);
                runPart.put(x.id(), parts.get(i));
            }
        List<String> experiments = new ArrayList<>();
        Map<String, String> commands = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Object[] summaries = new Object[AsenSuite.EXPERIMENTS.size()];
        for (int k = 0; k < AsenSuite.EXPERIMENTS.size(); ++k) {
            String e = AsenSuite.EXPERIMENTS.get(k);
            Integer i = source.get(e);
            if (i == null) continue;
            AsenSuite.Result r = in.get(i);
            same(parts.get(i), e + " settings", settingsOf(r.settings(), e), settingsOf(p, e));
            experiments.add(e);
            String c = r.commands() == null ? null : r.commands().get(e);
            commands.put(e, c != null ? c : AsenSuite.commandFor(r.command(), e, r.experiments().size()));
            if (r.stageSeconds() != null && r.stageSeconds().containsKey(e)) seconds.put(e, r.stageSeconds().get(e));
            summaries[k] = summaryOf(r, e);
        }
        List<AsenSuite.Part> used = new ArrayList<>();
        double wall = 0;
        for (int i = 0; i < in.size(); ++i) {
            List<String> from = new ArrayList<>();
            for (Map.Entry<String, Integer> x : source.entrySet()) if (x.getValue() == i) from.add(x.getKey());
            if (from.isEmpty()) continue;                                    // every experiment of this part was rerun by a later one
            AsenSuite.Result r = in.get(i);
            if (r.parts() != null) throw new IllegalArgumentException(parts.get(i) + ": already a merged result; merge its parts instead");
            used.add(new AsenSuite.Part(r.command(), from, r.wallSeconds(), r.machine()));
            wall += r.wallSeconds();
        }
        AsenSuite.Result merged = new AsenSuite.Result(p.name(), command, p, experiments, last.machine(), wall,
                (EquivarianceSweep.Summary) summaries[0], (MultitaskComparison.Summary) summaries[1], (TransferExperiment.Summary) summaries[2],
                (SymmetryDiscovery.Summary) summaries[3], (SignFailure.Summary) summaries[4], (SymmetrySelection.Summary) summaries[5],
                (InvariantRegression.Summary) summaries[6], (InvariantTransfer.Summary) summaries[7], seconds, new ArrayList<>(runs.values()), commands, used);
        AsenReport.write(merged, out);
        return merged;
    }

    private static AsenSuite.Result read(Path part) {
        AsenSuite.Result r = Json.gson().fromJson(Json.read(part), AsenSuite.Result.class);
        if (r == null || r.runs() == null || r.settings() == null || r.experiments() == null)
            throw new IllegalArgumentException(part + ": not an asen.json (no settings, experiments or runs)");
        for (String e : r.experiments())
            if (!AsenSuite.EXPERIMENTS.contains(e)) throw new IllegalArgumentException(part + ": unknown experiment '" + e + "'");
            else if (summaryOf(r, e) == null) throw new IllegalArgumentException(part + ": experiment " + e + " is listed but has no summary");
        return r;
    }

    private static Object summaryOf(AsenSuite.Result r, String experiment) {
        return switch (experiment) {
            case "sweep" -> r.sweep();
            case "multitask" -> r.multitask();
            case "transfer" -> r.transfer();
            case "discovery" -> r.discovery();
            case "sign" -> r.sign();
            case "selection" -> r.selection();
            case "invariant" -> r.invariant();
            case "invariant-transfer" -> r.invariantTransfer();
            default -> throw new IllegalArgumentException("unknown experiment '" + experiment + "'");
        };
    }

    private static Object settingsOf(AsenPreset p, String experiment) {
        return switch (experiment) {
            case "sweep" -> p.sweep();
            case "multitask" -> p.multitask();
            case "transfer" -> p.transfer();
            case "discovery" -> p.discovery();
            case "sign" -> p.sign();
            case "selection" -> p.selection();
            case "invariant" -> p.invariant();
            case "invariant-transfer" -> p.invariantTransfer();
            default -> throw new IllegalArgumentException("unknown experiment '" + experiment + "'");
        };
    }

    private static void same(Path part, String what, Object a, Object b) {
        if (!Objects.equals(a, b))
            throw new IllegalArgumentException(part + ": its " + what + " (" + a + ") differ from the merged preset's (" + b + ")");
    }
}
