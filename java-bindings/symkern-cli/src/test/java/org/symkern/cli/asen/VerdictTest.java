package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.cli.report.MeanStd;

/** The report's reading of a comparison: clear only when the difference of means exceeds the larger standard deviation. */
class VerdictTest {
    @Test
    void aDifferenceCountsOnlyBeyondTheLargerStandardDeviation() {
        MeanStd a = MeanStd.of(0.9, 0.92, 0.94), b = MeanStd.of(0.8, 0.85, 0.9);
        assertEquals(Verdict.Outcome.HIGHER, Verdict.compare(a, b));
        assertEquals(Verdict.Outcome.LOWER, Verdict.compare(b, a));
        assertEquals(Verdict.Outcome.WITHIN_SPREAD, Verdict.compare(MeanStd.of(0.55, 0.96, 0.73), MeanStd.of(0.52, 0.69, 0.53)));
        assertEquals(Verdict.Outcome.ONE_SEED, Verdict.compare(MeanStd.of(1.0), MeanStd.of(0.0)));
        assertEquals("clearly higher than", Verdict.words(Verdict.Outcome.HIGHER));
    }
}
