package dev.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeduplicatorTest {
    @TempDir
    File dir;

    @Test
    void remembersIdAndKindSeparately() {
        Deduplicator d = new Deduplicator(new MemoryStorage(), 10);
        d.markDelivered("1", Push.NOTIFICATION);
        assertThat(d.isDelivered("1", Push.NOTIFICATION)).isTrue();
        assertThat(d.isDelivered("1", Push.MESSAGE)).isFalse();
        assertThat(d.isDelivered("2", Push.NOTIFICATION)).isFalse();
    }

    @Test
    void survivesARestartWithFileStorage() {
        File f = new File(dir, "herald.properties");
        Deduplicator before = new Deduplicator(new FileStorage(f), 1000);
        before.markDelivered("1045", Push.NOTIFICATION);
        before.markDelivered("1045", Push.MESSAGE);
        before.markDelivered("1046", Push.MESSAGE);
        before.save();

        Deduplicator after = new Deduplicator(new FileStorage(f), 1000);
        assertThat(after.isDelivered("1045", Push.NOTIFICATION)).isTrue();
        assertThat(after.isDelivered("1045", Push.MESSAGE)).isTrue();
        assertThat(after.isDelivered("1046", Push.MESSAGE)).isTrue();
        assertThat(after.isDelivered("1046", Push.NOTIFICATION)).isFalse();
        assertThat(after.size()).isEqualTo(2);
    }

    @Test
    void forgetsTheOldestBeyondCapacity() {
        MemoryStorage storage = new MemoryStorage();
        Deduplicator d = new Deduplicator(storage, 3);
        for (int i = 1; i <= 4; i++) {
            d.markDelivered(String.valueOf(i), Push.MESSAGE);
        }
        assertThat(d.isDelivered("1", Push.MESSAGE)).isFalse();
        assertThat(d.isDelivered("4", Push.MESSAGE)).isTrue();
        d.save();
        assertThat(new Deduplicator(storage, 3).size()).isEqualTo(3);
    }

    @Test
    void aSecondKindMakesAnIdNewestAgain() {
        Deduplicator d = new Deduplicator(new MemoryStorage(), 2);
        d.markDelivered("1", Push.NOTIFICATION);
        d.markDelivered("2", Push.NOTIFICATION);
        d.markDelivered("1", Push.MESSAGE);
        d.markDelivered("3", Push.NOTIFICATION);
        assertThat(d.isDelivered("1", Push.NOTIFICATION)).isTrue();
        assertThat(d.isDelivered("2", Push.NOTIFICATION)).isFalse();
    }

    @Test
    void loadingAfterASmallerCapacityKeepsTheNewest() {
        MemoryStorage storage = new MemoryStorage();
        Deduplicator big = new Deduplicator(storage, 10);
        for (int i = 1; i <= 5; i++) {
            big.markDelivered(String.valueOf(i), Push.MESSAGE);
        }
        big.save();
        Deduplicator small = new Deduplicator(storage, 2);
        assertThat(small.isDelivered("5", Push.MESSAGE)).isTrue();
        assertThat(small.isDelivered("4", Push.MESSAGE)).isTrue();
        assertThat(small.isDelivered("3", Push.MESSAGE)).isFalse();
    }

    @Test
    void savesOnlyWhenChanged() {
        MemoryStorage storage = new MemoryStorage();
        Deduplicator d = new Deduplicator(storage, 10);
        d.save();
        assertThat(storage.snapshot()).isEmpty();
        d.markDelivered("1", Push.MESSAGE);
        d.save();
        assertThat(storage.get(Storage.DELIVERED)).isEqualTo("{\"1\":[\"message\"]}");
        storage.remove(Storage.DELIVERED);
        d.save();
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void ignoresCorruptStoredData() {
        for (String junk : new String[] {"not json", "[1,2]", "{\"1\":", "null"}) {
            MemoryStorage storage = new MemoryStorage();
            storage.put(Storage.DELIVERED, junk);
            Deduplicator d = new Deduplicator(storage, 10);
            assertThat(d.size()).as(junk).isZero();
            d.markDelivered("9", Push.MESSAGE);
            d.save();
            assertThat(storage.snapshot()).containsEntry(Storage.DELIVERED, "{\"9\":[\"message\"]}");
        }
    }
}
