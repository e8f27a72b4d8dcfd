package org.symkern.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.symkern.train.GridExecutor;

/**
 * A {@link GridExecutor} that runs a grid of trainings as one Spark job: one cell per partition (so one training per
 * task), results collected in cell order.
 *
 * <p>How a map runs. The driver Java-serializes every cell to bytes and parallelizes the n byte arrays into n
 * partitions; each task sets its OpenMP thread count ({@link #threadsPerTask()}) on its own thread, deserializes its
 * cell with the task's class loader, applies the function and returns the result serialized to bytes;
 * {@code collect} returns the partitions in order, and the driver deserializes them. Cells and results travel as
 * plain Java serialization whatever {@code spark.serializer} says (records cannot be rebuilt by Kryo's field
 * serializer); the function is shipped in the task closure.
 *
 * <p>Determinism. The result of a cell is f(cell): when f is a pure function of its cell (seeded data, initialisation
 * and batch order; symkern's CPU kernels are deterministic) and the thread count per task equals the one the
 * sequential run used, the collected results equal {@link GridExecutor#SEQUENTIAL}'s bit for bit. Retries: a failed
 * task attempt is rerun by Spark from its cell (up to {@code spark.task.maxFailures}), so a retried training starts
 * again from its seed and contributes exactly one result; a cell that fails every attempt fails the map (the
 * driver's exception names the task's cause).
 *
 * <p>Cost model. With S = executors x (executor cores / spark.task.cpus) task slots and t_i the time of training i
 * at {@link #threadsPerTask()} threads, the map's wall time lies between max(sum t_i / S, max t_i) and
 * sum t_i / S + max t_i (list scheduling of independent tasks), plus per cell one task launch and the serialized cell
 * and result (kilobytes); each executor task thread loads a domain's data once and reuses it for later cells. A
 * grid of n cells never uses more than n slots, and the experiment runners submit one map per experiment stage.
 */
public final class SparkGridExecutor implements GridExecutor {
    /** Spark setting for the native threads of each task (default: spark.task.cpus, else 1). */
    public static final String THREADS_KEY = "spark.symkern.threadsPerTask";

    private final JavaSparkContext jsc;
    private final int threadsPerTask;

    /**
     * @param threadsPerTask OpenMP threads of each task; with spark.task.cpus = threadsPerTask an executor's tasks x
     *                       threads never exceed its cores
     */
    public SparkGridExecutor(SparkSession spark, int threadsPerTask) {
        if (spark == null) throw new IllegalArgumentException("SparkGridExecutor: no Spark session");
        if (threadsPerTask < 1) throw new IllegalArgumentException("SparkGridExecutor: threads per task must be >= 1, got " + threadsPerTask);
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.threadsPerTask = threadsPerTask;
    }

    /**
     * The executor of the session that spark-submit configured (created when none is active yet), with
     * {@value #THREADS_KEY} threads per task, else spark.task.cpus, else 1. The symkern CLI calls this by reflection
     * for {@code --executor spark}.
     */
    public static SparkGridExecutor fromActiveSession() {
        SparkSession spark = SparkSession.builder().appName("symkern experiment grid").getOrCreate();
        var conf = spark.sparkContext().getConf();
        String threads = conf.get(THREADS_KEY, conf.get("spark.task.cpus", "1"));
        int n;
        try {
            n = Integer.parseInt(threads.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS_KEY + " / spark.task.cpus: '" + threads + "' is not an integer");
        }
        return new SparkGridExecutor(spark, n);
    }

    public int threadsPerTask() {
        return threadsPerTask;
    }

    @Override
    public <C extends Serializable, R extends Serializable> List<R> map(List<C> cells, CellFunction<C, R> one) {
        if (cells.isEmpty()) return new ArrayList<>();
        List<byte[]> in = new ArrayList<>(cells.size());
        for (C c : cells) in.add(toBytes(c));
        int threads = threadsPerTask;                   // locals only: the closure must not capture this (nor the context)
        CellFunction<C, R> f = one;
        jsc.setJobDescription("symkern grid: " + cells.size() + " trainings");
        List<byte[]> out = jsc.parallelize(in, in.size()).map(bytes -> {
            NativeThreads.set(threads);
            @SuppressWarnings("unchecked") C c = (C) fromBytes(bytes);
            return toBytes(f.apply(c));
        }).collect();
        List<R> results = new ArrayList<>(out.size());
        for (byte[] b : out) {
            @SuppressWarnings("unchecked") R r = (R) fromBytes(b);
            results.add(r);
        }
        if (results.size() != cells.size())
            throw new IllegalStateException("SparkGridExecutor: " + results.size() + " results for " + cells.size() + " cells");
        return results;
    }

    @Override
    public String describe() {
        return "spark (" + jsc.master() + ", one training per task, " + threadsPerTask + " native thread" + (threadsPerTask == 1 ? "" : "s")
                + " per task)";
    }

    static byte[] toBytes(Object o) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException("SparkGridExecutor: cannot serialize " + (o == null ? "null" : o.getClass().getName()) + ": " + e, e);
        }
        return b.toByteArray();
    }

    static Object fromBytes(byte[] bytes) {
        try (ObjectInputStream in = new LoaderInput(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("SparkGridExecutor: cannot deserialize a cell or result (" + bytes.length + " bytes): " + e, e);
        }
    }

    /** Resolves classes with the thread's context class loader: on an executor, the one that holds the application jar. */
    private static final class LoaderInput extends ObjectInputStream {
        LoaderInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            if (l != null) {
                try {
                    return Class.forName(desc.getName(), false, l);
                } catch (ClassNotFoundException e) {
                    // fall back to the default lookup (primitives, JDK classes)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
