package dev.herald.bench.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The least a durable push server must do with the disk: a group commit. One thread takes every record waiting,
 * writes them with one {@code write}, makes them durable with one {@code fdatasync}, then runs each record's
 * continuation. Writing starts over at the file's start when a commit would pass the wrap size, as SQLite's WAL does
 * after a checkpoint, so commits write into blocks the file already has. Nothing is ever read back: this is a ceiling.
 */
final class CommitLog implements AutoCloseable {
    /** Where writing starts over by default: the size Herald's WAL is cut back to. */
    static final long WRAP_BYTES = 64L << 20;

    private record Entry(byte[] bytes, Runnable then) {
    }

    private static final Entry STOP = new Entry(new byte[0], null);

    private final FileChannel file;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final long wrapBytes;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long position;

    CommitLog(Path path, long wrapBytes) throws IOException {
        this.wrapBytes = wrapBytes;
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.writer = new Thread(this::run, "ceiling-commit-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues {@code bytes}; {@code then} (may be null) runs on the log's thread once they are durable. */
    void append(byte[] bytes, Runnable then) {
        queue.add(new Entry(bytes, then));
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                boolean stop = batch.remove(STOP);
                commit(batch);
                for (Entry e : batch) {
                    if (e.then() != null) {
                        e.then().run();
                    }
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void commit(List<Entry> batch) throws IOException {
        int size = 0;
        for (Entry e : batch) {
            size += e.bytes().length;
        }
        if (size == 0) {
            return;
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1);
        }
        buffer.clear();
        for (Entry e : batch) {
            buffer.put(e.bytes());
        }
        buffer.flip();
        if (position + size > wrapBytes) {
            position = 0;
        }
        while (buffer.hasRemaining()) {
            position += file.write(buffer, position);
        }
        file.force(false);
    }

    @Override
    public void close() throws IOException {
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }
}
