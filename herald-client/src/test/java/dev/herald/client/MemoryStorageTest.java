package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryStorageTest extends StorageContractTest {

    @Override
    Storage newStorage() {
        return new MemoryStorage();
    }

    @Test
    void snapshotCopies() {
        MemoryStorage s = new MemoryStorage();
        s.put("a", "1");
        assertThat(s.snapshot()).containsExactly(Map.entry("a", "1"));
        s.put("b", "2");
        assertThat(s.snapshot()).hasSize(2);
    }
}
