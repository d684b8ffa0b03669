package dev.herald.client;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link Storage} in a {@link Properties} file. The file is read once, when the storage is created; every change
 * rewrites it whole to a temporary file next to it ({@code NAME.tmp}), syncs it to disk and renames it over the old
 * one, so a crash leaves either the old or the new content, never a torn file. Thread-safe within one process; do not
 * share the file between processes.
 *
 * <p>Uses {@code java.io} only, so it also works on Android (pass a file under {@code Context.getFilesDir()}).
 */
public final class FileStorage implements Storage {
    private final File file;
    private final File temp;
    private final Properties props = new Properties();

    /**
     * Opens (or prepares to create) the storage file. Its parent directory is created on the first write.
     *
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    public FileStorage(File file) {
        this.file = file;
        this.temp = new File(file.getPath() + ".tmp");
        if (file.exists()) {
            try (InputStream in = new FileInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** The file this storage writes. */
    public File file() {
        return file;
    }

    @Override
    public synchronized String get(String key) {
        return props.getProperty(key);
    }

    @Override
    public void put(String key, String value) {
        putAll(Collections.singletonMap(key, value));
    }

    @Override
    public void remove(String key) {
        putAll(Collections.<String, String>singletonMap(key, null));
    }

    @Override
    public synchronized void putAll(Map<String, String> entries) {
        boolean changed = false;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            Object old = e.getValue() == null ? props.remove(e.getKey()) : props.setProperty(e.getKey(), e.getValue());
            changed |= e.getValue() == null ? old != null : !e.getValue().equals(old);
        }
        if (changed) {
            write();
        }
    }

    private void write() {
        File dir = file.getAbsoluteFile().getParentFile();
        if (dir != null && !dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
            throw new UncheckedIOException(new IOException("cannot create directory " + dir));
        }
        try (FileOutputStream out = new FileOutputStream(temp)) {
            props.store(out, "Herald client state");
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temp, e);
        }
        // rename(2) replaces atomically on POSIX (and Android); Windows refuses to rename over an existing file.
        if (!temp.renameTo(file) && !(file.delete() && temp.renameTo(file))) {
            throw new UncheckedIOException(new IOException("cannot rename " + temp + " to " + file));
        }
    }

    @Override
    public String toString() {
        return "FileStorage[" + file + "]";
    }
}
