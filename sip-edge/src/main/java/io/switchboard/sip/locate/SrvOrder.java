package io.switchboard.sip.locate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** The order in which SRV targets are tried (RFC 2782, "Usage rules"): by priority, then weighted at random. */
final class SrvOrder {
    private SrvOrder() {
    }

    /**
     * Lowest priority first; within one priority each next target is drawn with a probability proportional to its
     * weight (zero-weight records placed first, so they are picked only when the draw is 0). Records saying "not
     * available" are left out.
     */
    static List<SrvRecord> order(List<SrvRecord> records, RandomGenerator random) {
        List<SrvRecord> usable = new ArrayList<>();
        for (SrvRecord r : records) {
            if (!r.notAvailable()) {
                usable.add(r);
            }
        }
        usable.sort(Comparator.comparingInt(SrvRecord::priority));
        List<SrvRecord> ordered = new ArrayList<>(usable.size());
        int i = 0;
        while (i < usable.size()) {
            int end = i;
            while (end < usable.size() && usable.get(end).priority() == usable.get(i).priority()) {
                end++;
            }
            ordered.addAll(weighted(new ArrayList<>(usable.subList(i, end)), random));
            i = end;
        }
        return ordered;
    }

    private static List<SrvRecord> weighted(List<SrvRecord> sameMany, RandomGenerator random) {
        sameMany.sort(Comparator.comparing(r -> r.weight() != 0)); // weight 0 first, the rest in record order
        List<SrvRecord> out = new ArrayList<>(sameMany.size());
        while (!sameMany.isEmpty()) {
            long sum = 0;
            for (SrvRecord r : sameMany) {
                sum += r.weight();
            }
            long draw = sum == 0 ? 0 : random.nextLong(sum + 1); // uniform in [0, sum]
            long running = 0;
            int pick = sameMany.size() - 1;
            for (int k = 0; k < sameMany.size(); k++) {
                running += sameMany.get(k).weight();
                if (running >= draw) {
                    pick = k;
                    break;
                }
            }
            out.add(sameMany.remove(pick));
        }
        return out;
    }
}
