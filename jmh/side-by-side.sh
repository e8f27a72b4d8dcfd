#!/usr/bin/env bash
# jmh/side-by-side.sh — symkern's TrainStepBench next to the PyTorch anchor scripts, in interleaved rounds.
#
# Usage: jmh/side-by-side.sh --anchors DIR [--rounds 3] [--models p4cnn,p4m,z2cnn,gcnn,salfcnn,orbitgnn,deepsets] [--threads 2]
#                            [--jmh "-f 1 -wi 3 -i 10 -w 2 -r 2"] [--torch-iters 30] [--busy 0] [--out FILE]
#                            [--torch-env OMP_WAIT_POLICY=passive] [--ours-env OMP_WAIT_POLICY=active]
#   DIR holds the anchor scripts (p4cnn_torch.py); they are run in place, never copied.
#   Needs jmh/target/benchmarks.jar:  mvn -B -ntp -Dsymkern.cuda=OFF -pl jmh -am package -DskipTests
#   and PyTorch for /usr/bin/python3 (Debian: apt-get install -y python3-torch).
#
# Each round runs, for every model, our JMH trainStep + inference (OMP_NUM_THREADS=threads) and then the
# anchor (--bench --threads threads --blas-threads 1, glibc told never to return memory to the OS:
# MALLOC_MMAP_THRESHOLD_=MALLOC_TRIM_THRESHOLD_=1000000000). Around every run it reads /proc/stat and the
# run's own CPU time (getrusage of the child) and records the share of the machine's CPU time that OTHER
# processes used meanwhile ("others"; 0 on a quiet machine, near 1 when every core is taken by someone else).
# Run nothing else with JMH meanwhile: JMH's lock (/tmp/jmh.lock) makes a second JMH run fail, and that model's
# round is then left out. --busy N starts N CPU-bound spinning processes for the whole session (the shared-cores scenario).
# The table gives per model and phase the median over rounds of both times, ours/theirs, the median
# contention of the runs, GFLOP/s from the anchor's exact FLOP count of the same network, and JMH's own error of
# our runs (the half-width of its 99.9 % interval relative to the score, median over rounds).
# Model map (ours -> anchor flags): p4cnn -> (default: p4, 10 fields, 7 convs); z2cnn -> --model cnn;
# gcnn (6 p4 convs, invariant pooled head, linear) -> --layers 6; p4m (the same over p4m, 7 fields) ->
# --group p4m --channels 7 --layers 6; salfcnn (gcnn + gated asymmetry head and loss) -> --layers 6.
# The heads differ in detail (and salfcnn has more work), so those ratios are marked "~" (approximate).
# orbitgnn and deepsets -> deepsets_gnn_torch.py --bench (its default sizes: 32 complete graphs of 20 nodes, 64 wide,
# 4 layers, 4 heads, cyclic orbits; 32 sets of 10..30 elements) against SetGraphStepBench (our OrbitGatV2 / DeepSets
# at those sizes). Phases there: train = forward + MSE + backward without an optimiser step (the anchor's step),
# infer = forward without gradients (the anchor times none for DeepSets). The anchor's GATv2 layer also adds an orbit
# embedding to the messages, ours only to the attention logits: orbitgnn is marked "~". No FLOP counts there.
# Our "infer" is TrainStepBench.inference (the logits in evaluation mode: batch norm with running statistics,
# gradients off, no loss), as the anchor's model.eval() under torch.inference_mode(). Runs before 2026-12-07
# (session 5) used forwardNoGrad (forward + cross-entropy, batch statistics) there, which does more work.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec /usr/bin/python3 - "$here" "$@" <<'PY'
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time, platform

here = sys.argv[1]
ap = argparse.ArgumentParser(prog="jmh/side-by-side.sh")
ap.add_argument("--anchors", required=True, help="folder with p4cnn_torch.py")
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--models", default="p4cnn,p4m,z2cnn,gcnn,salfcnn,orbitgnn,deepsets")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--jmh", default="-f 1 -wi 3 -i 10 -w 2 -r 2")
ap.add_argument("--torch-iters", type=int, default=30)
ap.add_argument("--busy", type=int, default=0)
ap.add_argument("--out", default=os.path.join(here, "target", "side-by-side.json"))
ap.add_argument("--java", default="java")
ap.add_argument("--torch-env", action="append", default=[], metavar="KEY=VALUE",
                help="extra environment of the anchor runs, e.g. OMP_WAIT_POLICY=passive (repeatable)")
ap.add_argument("--ours-env", action="append", default=[], metavar="KEY=VALUE",
                help="extra environment of our JMH runs, e.g. OMP_WAIT_POLICY=active (repeatable; the library "
                     "defaults to passive waits when neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT is set)")
a = ap.parse_args(sys.argv[2:])

jar = os.path.join(here, "target", "benchmarks.jar")
anchor = os.path.join(os.path.abspath(a.anchors), "p4cnn_torch.py")
for f, hint in ((jar, "build it: mvn -B -ntp -Dsymkern.cuda=OFF -pl jmh -am package -DskipTests"),
                (anchor, "--anchors must name the folder holding p4cnn_torch.py")):
    if not os.path.isfile(f):
        sys.exit(f"side-by-side: {f} not found; {hint}")
ANCHOR_FLAGS = {"p4cnn": [], "p4m": ["--group", "p4m", "--channels", "7", "--layers", "6"], "z2cnn": ["--model", "cnn"],
                "gcnn": ["--layers", "6"], "salfcnn": ["--layers", "6"], "orbitgnn": [], "deepsets": []}
APPROX = {"p4m", "gcnn", "salfcnn", "orbitgnn"}
SETS = {"orbitgnn": ("gnn_fwd_bwd", "gnn_fwd"), "deepsets": ("deepsets_fwd_bwd", None)}   # anchor keys of train, infer
set_anchor = os.path.join(os.path.abspath(a.anchors), "deepsets_gnn_torch.py")
if any(m in SETS for m in a.models.split(",")) and not os.path.isfile(set_anchor):
    sys.exit(f"side-by-side: {set_anchor} not found; --anchors must name the folder holding deepsets_gnn_torch.py")
models = [m for m in a.models.split(",") if m]
for m in models:
    if m not in ANCHOR_FLAGS:
        sys.exit(f"side-by-side: unknown model {m!r}; known: {', '.join(ANCHOR_FLAGS)}")
clk = os.sysconf("SC_CLK_TCK")
ncpu = os.cpu_count()


def proc_stat():
    f = open("/proc/stat").readline().split()[1:]
    v = list(map(int, f))
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v[:8]) - idle   # busy jiffies of all CPUs (user nice system irq softirq steal)


def run(cmd, env):
    """Runs cmd; returns (stdout, wall seconds, share of the machine used by other processes meanwhile)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    b0, t0 = proc_stat(), time.time()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall, b1 = time.time() - t0, proc_stat()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:   # reported, and the round of that model is left out of the table
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{(p.stderr or p.stdout)[-3000:]}")
    own = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    others = max(0.0, (b1 - b0) / clk - own) / (ncpu * wall)
    return p.stdout, wall, others


def ours(model):
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    env.update(kv.split("=", 1) for kv in a.ours_env)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
        out = tf.name
    bench = "SetGraphStepBench" if model in SETS else "TrainStepBench"
    cmd = [a.java, "-jar", jar, bench + r"\.(trainStep|inference)$", "-p", f"model={model}",
           *a.jmh.split(), "-rf", "json", "-rff", out]
    _, wall, others = run(cmd, env)
    res = {}
    for b in json.load(open(out)):
        it = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
        key = "train" if b["benchmark"].endswith("trainStep") else "infer"
        res[key] = statistics.median(it)
        pm = b["primaryMetric"]       # JMH's own error: half-width of its 99.9 % interval, relative to the score
        res[key + "_err"] = float(pm["scoreError"]) / float(pm["score"])   # JMH writes "NaN" for a single iteration
    os.unlink(out)
    return res, others


def theirs(model):
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="1000000000", MALLOC_TRIM_THRESHOLD_="1000000000")
    env.update(kv.split("=", 1) for kv in a.torch_env)
    if model in SETS:
        cmd = ["/usr/bin/python3", set_anchor, "--bench", "--threads", str(a.threads), "--blas-threads", "1", "--iters", str(a.torch_iters)]
        out, wall, others = run(cmd, env)
        j = json.loads(out.strip().splitlines()[-1])
        tr, inf = SETS[model]
        return {"train": j[tr]["median_ms"], "infer": j[inf]["median_ms"] if inf else None, "train_gflop": None, "infer_gflop": None,
                "torch": j["torch"]}, others
    cmd = ["/usr/bin/python3", anchor, "--bench", "--threads", str(a.threads), "--blas-threads", "1",
           "--iters", str(a.torch_iters), *ANCHOR_FLAGS[model]]
    out, wall, others = run(cmd, env)
    j = json.loads(out.strip().splitlines()[-1])
    return {"train": j["train"]["median_ms"], "infer": j["infer"]["median_ms"],
            "train_gflop": j["train_gflop_exact"], "infer_gflop": j["fwd_gflop"], "torch": j["torch"]}, others


busy = [subprocess.Popen(["/usr/bin/python3", "-c", "while True: pass"]) for _ in range(a.busy)]
rows = {m: {"ours": [], "theirs": [], "c_ours": [], "c_theirs": []} for m in models}
try:
    for r in range(a.rounds):
        for m in models:
            try:
                o, co = ours(m)
                t, ct = theirs(m)
            except RuntimeError as e:
                print(f"round {r + 1}/{a.rounds} {m}: left out: {e}", file=sys.stderr, flush=True)
                continue
            rows[m]["ours"].append(o); rows[m]["theirs"].append(t)
            rows[m]["c_ours"].append(co); rows[m]["c_theirs"].append(ct)
            ti = "-" if t["infer"] is None else f"{t['infer']:.1f}"
            print(f"round {r + 1}/{a.rounds} {m}: ours train {o['train']:.1f} ms infer {o['infer']:.1f} ms "
                  f"(others {co:.0%}); torch train {t['train']:.1f} ms infer {ti} ms (others {ct:.0%})",
                  file=sys.stderr, flush=True)
finally:
    for p in busy:
        p.kill()

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"# side by side, {time.strftime('%Y-%m-%d %H:%M %Z')}, {cpu}, {ncpu} CPUs, threads {a.threads}, "
      f"rounds {a.rounds}, busy processes {a.busy}, load average {open('/proc/loadavg').read().split()[0]}, "
      f"anchor environment {' '.join(a.torch_env) or '(default)'}, our environment {' '.join(a.ours_env) or '(default)'}")
torch = next((R["theirs"][0]["torch"] for R in rows.values() if R["theirs"]), "?")
print(f"# JMH {a.jmh}; torch {torch} --iters {a.torch_iters}; "
      "others = CPU share used by other processes during the runs (median)")
print("| model | phase | symkern ms | PyTorch ms | ratio | symkern GFLOP/s | PyTorch GFLOP/s | others (ours / torch) | JMH error (ours) |")
print("|---|---|---:|---:|---:|---:|---:|---|---:|")
summary = {}
for m in models:
    R = rows[m]
    if not R["ours"]:
        print(f"| {m} | - | no successful round | | | | | |")
        continue
    for ph in ("train", "infer"):
        so = statistics.median(x[ph] for x in R["ours"])
        errs = [x.get(ph + "_err", float("nan")) for x in R["ours"]]
        err = statistics.median(errs) if errs else float("nan")
        jerr = "" if err != err else f"±{err:.0%}"
        if R["theirs"][0][ph] is None:
            print(f"| {m} | {ph} | {so:.1f} | not timed by the anchor | | | | | {jerr} |")
            continue
        st = statistics.median(x[ph] for x in R["theirs"])
        gf = R["theirs"][0][ph + "_gflop"]
        mark = "~" if m in APPROX else ""
        ours_gf = "" if mark or gf is None else f"{gf / (so / 1e3):.1f}"
        their_gf = "" if gf is None else f"{gf / (st / 1e3):.1f}"
        print(f"| {m} | {ph} | {so:.1f} | {st:.1f} | {mark}{so / st:.2f} | {ours_gf} | {their_gf} | "
              f"{statistics.median(R['c_ours']):.0%} / {statistics.median(R['c_theirs']):.0%} | {jerr} |")
        summary[f"{m}.{ph}"] = {"ours_ms": so, "torch_ms": st, "ratio": so / st, "jmh_error": err}
os.makedirs(os.path.dirname(a.out), exist_ok=True)
json.dump({"args": vars(a), "cpu": cpu, "rows": rows, "summary": summary}, open(a.out, "w"), indent=1)
print(f"# raw runs: {a.out}")
PY
