package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@link Storage} contract, run against every implementation by a subclass. */
abstract class StorageContractTest {

    /** A fresh, empty storage. */
    abstract Storage newStorage() throws Exception;

    @Test
    void absentKeysReadAsNull() throws Exception {
        assertThat(newStorage().get("herald.nothing")).isNull();
    }

    @Test
    void putThenGet() throws Exception {
        Storage s = newStorage();
        s.put(Storage.REGISTRATION_ID, "1a2b");
        s.put(Storage.DEVICE_SECRET, "kT9");
        assertThat(s.get(Storage.REGISTRATION_ID)).isEqualTo("1a2b");
        assertThat(s.get(Storage.DEVICE_SECRET)).isEqualTo("kT9");
    }

    @Test
    void putReplaces() throws Exception {
        Storage s = newStorage();
        s.put("k", "one");
        s.put("k", "two");
        assertThat(s.get("k")).isEqualTo("two");
    }

    @Test
    void removeForgets() throws Exception {
        Storage s = newStorage();
        s.put("k", "v");
        s.remove("k");
        s.remove("never-there");
        assertThat(s.get("k")).isNull();
    }

    @Test
    void putAllTreatsNullAsRemove() throws Exception {
        Storage s = newStorage();
        s.put("gone", "x");
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("a", "1");
        changes.put("gone", null);
        s.putAll(changes);
        assertThat(s.get("a")).isEqualTo("1");
        assertThat(s.get("gone")).isNull();
    }

    @Test
    void keepsAwkwardValuesIntact() throws Exception {
        Storage s = newStorage();
        String value = "{\"1045\":[\"notification\"]} = : # ! \\ \n\t 中文 ✓";
        s.put("key with spaces=and:colons", value);
        assertThat(s.get("key with spaces=and:colons")).isEqualTo(value);
    }
}
