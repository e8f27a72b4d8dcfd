package org.symkern.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

import org.symkern.train.GridExecutor;

/**
 * The grid executor named by {@code --executor} of the experiment commands, without a compile-time dependency on
 * Spark: "sequential" is {@link GridExecutor#SEQUENTIAL}; "spark" loads {@value #SPARK_CLASS} (module symkern-spark)
 * by reflection and calls its static {@code fromActiveSession()}, which needs that class and Spark on the classpath,
 * i.e. the CLI jar run through {@code spark-submit} with the symkern-spark jar. The CLI's own jar never carries
 * Spark.
 */
public final class GridExecutors {
    private GridExecutors() {}

    /** The class of the Spark executor, looked up at run time. */
    public static final String SPARK_CLASS = "org.symkern.spark.SparkGridExecutor";

    /** "sequential" or "spark" (case-insensitive); a clear error when the Spark executor is not on the classpath. */
    public static GridExecutor named(String name) {
        return switch (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) {
            case "sequential" -> GridExecutor.SEQUENTIAL;
            case "spark" -> load(SPARK_CLASS);
            default -> throw new IllegalArgumentException("unknown --executor '" + name + "' (expected sequential or spark)");
        };
    }

    /** The executor made by {@code className.fromActiveSession()}; the error names the class when it is missing. */
    static GridExecutor load(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : GridExecutors.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--executor spark needs " + className + " (jar symkern-spark) and Apache Spark 3.5 on the "
                    + "classpath, which this JVM lacks (" + e + "): run the CLI jar through spark-submit --jars symkern-spark-<version>.jar "
                    + "(docs/scale-out.md, section Experiment grids on Spark)");
        }
        try {
            return (GridExecutor) c.getMethod("fromActiveSession").invoke(null);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            throw new IllegalArgumentException("--executor spark: " + className + ".fromActiveSession() failed: " + t, t);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("--executor spark: " + className + " has no usable fromActiveSession(): " + e, e);
        } catch (LinkageError e) {
            throw new IllegalArgumentException("--executor spark needs Apache Spark 3.5 on the classpath besides " + className + " (" + e
                    + "): run through spark-submit", e);
        }
    }
}
