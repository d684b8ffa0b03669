package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest extends StorageContractTest {
    @TempDir
    File dir;
    private int files;

    @Override
    Storage newStorage() {
        return new FileStorage(new File(dir, "s" + (files++) + ".properties"));
    }

    @Test
    void survivesReopening() {
        File f = new File(dir, "herald.properties");
        FileStorage first = new FileStorage(f);
        first.put(Storage.REGISTRATION_ID, "1a2b");
        first.put(Storage.DEVICE_SECRET, "kT9 é");
        first.put("temp", "x");
        first.remove("temp");

        FileStorage second = new FileStorage(f);
        assertThat(second.get(Storage.REGISTRATION_ID)).isEqualTo("1a2b");
        assertThat(second.get(Storage.DEVICE_SECRET)).isEqualTo("kT9 é");
        assertThat(second.get("temp")).isNull();
    }

    @Test
    void writesThroughATempFileAndLeavesNoneBehind() {
        File f = new File(dir, "herald.properties");
        new FileStorage(f).put("k", "v");
        assertThat(f).isFile();
        assertThat(new File(dir, "herald.properties.tmp")).doesNotExist();
        assertThat(dir.list()).containsExactly("herald.properties");
    }

    @Test
    void createsMissingDirectoriesOnFirstWrite() {
        File f = new File(dir, "a/b/herald.properties");
        FileStorage s = new FileStorage(f);
        assertThat(f).doesNotExist();
        s.put("k", "v");
        assertThat(new FileStorage(f).get("k")).isEqualTo("v");
    }

    @Test
    void replacesAStaleTempFileFromACrash() throws Exception {
        File f = new File(dir, "herald.properties");
        new FileStorage(f).put("k", "old");
        try (OutputStream out = new FileOutputStream(new File(dir, "herald.properties.tmp"))) {
            out.write("k=torn".getBytes(StandardCharsets.ISO_8859_1));
        }
        FileStorage s = new FileStorage(f);
        assertThat(s.get("k")).isEqualTo("old");
        s.put("k", "new");
        assertThat(new FileStorage(f).get("k")).isEqualTo("new");
    }
}
