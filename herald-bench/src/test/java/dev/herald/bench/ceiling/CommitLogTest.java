package dev.herald.bench.ceiling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommitLogTest {
    @TempDir
    Path dir;

    @Test
    void continuationsRunInOrderOnceTheirRecordsAreInTheFile() throws Exception {
        Path file = dir.resolve("commit.log");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(100);
        try (CommitLog log = new CommitLog(file, CommitLog.WRAP_BYTES)) {
            for (int i = 0; i < 100; i++) {
                String record = "r" + i + ";";
                log.append(record.getBytes(StandardCharsets.US_ASCII), () -> {
                    try {
                        // durable before the continuation: the record is in the file when it runs
                        assertThat(Files.readString(file)).contains(record);
                        seen.add(record);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    done.countDown();
                });
                if (i % 10 == 0) {
                    log.append("ack;".getBytes(StandardCharsets.US_ASCII), null); // no continuation
                }
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).hasSize(100).first().isEqualTo("r0;");
        assertThat(seen.get(99)).isEqualTo("r99;");
        assertThat(Files.readString(file)).startsWith("r0;ack;r1;").contains("r99;");
    }

    @Test
    void writingStartsOverWhenACommitWouldPassTheWrapSize() throws Exception {
        Path file = dir.resolve("commit.log");
        try (CommitLog log = new CommitLog(file, 100)) {
            for (int i = 0; i < 5; i++) { // one record a commit: 0-39, 40-79, then 0-39 again (80 + 40 > 100)
                CountDownLatch durable = new CountDownLatch(1);
                String record = String.valueOf((char) ('a' + i)).repeat(40);
                log.append(record.getBytes(StandardCharsets.US_ASCII), durable::countDown);
                assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(Files.readString(file)).isEqualTo("e".repeat(40) + "d".repeat(40));
    }
}
