package io.switchboard.sip.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 2782's usage rules: priority first, weight as a probability within one priority, "." left out. */
class SrvOrderTest {
    private static SrvRecord srv(int priority, int weight, String target) {
        return new SrvRecord(priority, weight, 5060, target);
    }

    @Test
    void lowerPriorityComesFirstWhateverTheWeight() {
        List<SrvRecord> ordered = SrvOrder.order(List.of(srv(20, 100, "b."), srv(10, 0, "a."), srv(30, 5, "c.")),
                new SplittableRandom(1));
        assertEquals(List.of("a.", "b.", "c."), ordered.stream().map(SrvRecord::target).toList());
    }

    @Test
    void weightsShareTheFirstPlaceInProportion() {
        SplittableRandom random = new SplittableRandom(42);
        int heavyFirst = 0;
        int runs = 10_000;
        for (int i = 0; i < runs; i++) {
            List<SrvRecord> ordered = SrvOrder.order(List.of(srv(10, 10, "light."), srv(10, 90, "heavy.")), random);
            assertEquals(2, ordered.size());
            if (ordered.get(0).target().equals("heavy.")) {
                heavyFirst++;
            }
        }
        // 90 of a running sum drawn from [0, 100]: 90/101 of draws pick the heavy one first
        double share = heavyFirst / (double) runs;
        assertTrue(share > 0.86 && share < 0.92, "heavy first in " + share);
    }

    @Test
    void zeroWeightIsChosenFirstOnlyWhenTheDrawIsZero() {
        SplittableRandom random = new SplittableRandom(7);
        int zeroFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            if (SrvOrder.order(List.of(srv(10, 50, "weighted."), srv(10, 0, "zero.")), random).get(0).target()
                    .equals("zero.")) {
                zeroFirst++;
            }
        }
        assertTrue(zeroFirst > 100 && zeroFirst < 400, "zero-weight first " + zeroFirst + " times in 10000 (1/51)");
    }

    @Test
    void allZeroWeightsKeepRecordOrder() {
        List<SrvRecord> ordered = SrvOrder.order(List.of(srv(10, 0, "a."), srv(10, 0, "b.")), new SplittableRandom(3));
        assertEquals(List.of("a.", "b."), ordered.stream().map(SrvRecord::target).toList());
    }

    @Test
    void aDotTargetMeansNoServiceThere() {
        assertTrue(SrvOrder.order(List.of(new SrvRecord(0, 0, 0, ".")), new SplittableRandom(1)).isEmpty());
    }
}
