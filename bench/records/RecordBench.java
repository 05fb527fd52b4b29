import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.record.ContactTraceLine;
import io.switchboard.routing.record.ContactTraceOptions;
import io.switchboard.routing.record.ContactTraceRecord;
import io.switchboard.routing.record.JsonLinesContactTraceSink;
import io.switchboard.routing.record.store.RecordStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The cost of writing one contact trace record as the contact center does at a contact's end: serialising
 * the record (an answered call with its Agent and Queue sections, about 2 KB), appending it to the CTR day
 * file with an fsync per drained batch, then storing it in the SQLite record store; side by side with the
 * day file alone, in the same run. At most {@code window} records are in flight (the calls waiting for their
 * record before release). Prints records per second, process CPU microseconds per record, and the p50/p99
 * of a record's time from hand-over to stored.
 */
public final class RecordBench {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        ObjectMapper mapper = new ObjectMapper();
        String arn = "arn:switchboard:connect:local:000000000000:instance/00000000-0000-0000-0000-000000000000";
        System.out.printf("%d records, at most %d in flight, fsync every drained batch%n", records, window);
        for (int round = 0; round < 2; round++) {
            for (boolean withStore : new boolean[] {false, true}) {
                Path dir = Files.createTempDirectory("record-bench");
                run(dir, records, window, withStore, mapper, arn, round == 0);
            }
        }
    }

    private static void run(Path dir, int records, int window, boolean withStore, ObjectMapper mapper, String arn,
                            boolean warmUp) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        JsonLinesContactTraceSink sink = new JsonLinesContactTraceSink(dir, ContactTraceOptions.defaults());
        RecordStore store = withStore ? RecordStore.open(dir, true) : null;
        Semaphore inFlight = new Semaphore(window);
        long[] latencies = new long[records];
        List<CompletableFuture<Void>> all = new ArrayList<>(records);
        Instant base = Instant.parse("2024-07-10T15:00:00Z");
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < records; i++) {
            inFlight.acquire();
            long start = System.nanoTime();
            ContactTraceRecord record = record(arn, base.plusMillis(i * 5L));
            ContactTraceLine line = new ContactTraceLine(record.contactId(), record.disconnectTimestamp(),
                    record.lastUpdateTimestamp(), false, mapper.writeValueAsString(record.toJson(mapper)));
            CompletableFuture<Void> done = sink.append(line);
            if (store != null) {
                done = done.thenCompose(v -> store.putRecord(line));
            }
            int n = i;
            all.add(done.whenComplete((v, e) -> {
                latencies[n] = System.nanoTime() - start;
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        long elapsed = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        sink.close();
        if (store != null) {
            int stored = store.count("contact_trace_record").join();
            store.close();
            if (stored != records) {
                throw new IllegalStateException("stored " + stored + " of " + records);
            }
        }
        long lines = Files.readAllLines(sink.files().fileFor(base)).size();
        if (lines != records) {
            throw new IllegalStateException("wrote " + lines + " lines of " + records);
        }
        Arrays.sort(latencies);
        System.out.printf("%-28s %s %9.0f records/s  %7.1f us CPU/record  p50 %6.2f ms  p99 %6.2f ms%n",
                withStore ? "day file + SQLite store" : "day file alone (the peer)", warmUp ? "(warm-up)" : "         ",
                records / (elapsed / 1e9), cpu / 1e3 / records, latencies[records / 2] / 1e6,
                latencies[(int) (records * 0.99)] / 1e6);
    }

    /** An answered inbound call's record: queue, agent with a hold and ACW, attributes. */
    private static ContactTraceRecord record(String arn, Instant end) {
        Instant start = end.minusSeconds(95);
        String id = UUID.randomUUID().toString();
        return new ContactTraceRecord("000000000000", arn, id, id, null, null, "VOICE", "INBOUND", start, start, end,
                end, "CUSTOMER_DISCONNECT", new ContactTraceRecord.Endpoint("+15557654321", "TELEPHONE_NUMBER"),
                new ContactTraceRecord.Endpoint("+15550100", "TELEPHONE_NUMBER"),
                Map.of("language", "en", "tier", "gold", "intent", "billing"),
                new ContactTraceRecord.Queue(arn + "/queue/7b2c", "Sales", start.plusSeconds(12), start.plusSeconds(40)),
                1, null, null, null,
                new ContactTraceRecord.Agent(arn + "/agent/5d1e", "dana", "Sales", arn + "/routing-profile/91aa",
                        List.of(new AgentConfiguration.HierarchyGroup("Support", arn + "/agent-group/11")),
                        start.plusSeconds(40), 48, 7, 1, 7, end, end.plusSeconds(10), 10L),
                Map.of());
    }
}
