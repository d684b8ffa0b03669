package dev.herald.server.cli;

import dev.herald.server.Json;
import dev.herald.server.app.App;
import dev.herald.server.app.Apps;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.store.Store;
import dev.herald.server.store.sqlite.SqliteStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@code herald app create|list}: manage apps in a data directory, also while the server runs on it. */
@Command(name = "app", mixinStandardHelpOptions = true, description = "Create and list apps.",
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class})
final class AppCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an app and print {\"appKey\":..,\"masterSecret\":..} as JSON.")
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--data", defaultValue = HeraldConfig.DEFAULT_DATA_DIR, description = "data directory")
        Path data;

        @Option(names = "--name", required = true, description = "a name for people")
        String name;

        @Option(names = "--client-bind", defaultValue = "false",
                description = "let clients set their own alias and tags without a signed token")
        boolean clientBind;

        @Option(names = "--push-rate-per-minute", defaultValue = "" + HeraldConfig.DEFAULT_PUSH_RATE_PER_MINUTE,
                description = "push API calls a minute (${DEFAULT-VALUE})")
        int pushRate;

        @Option(names = "--allowed-origin", description = "WebSocket Origin allowed to connect (repeatable; none = any)")
        List<String> origins = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            if (pushRate < 1) {
                throw new IllegalArgumentException("--push-rate-per-minute must be at least 1");
            }
            Files.createDirectories(data);
            try (Store store = SqliteStore.open(data.resolve("herald.db"))) {
                App app = new Apps(store, Clock.systemUTC()).create(name, clientBind, pushRate, origins);
                System.out.println(Json.string(Json.object().put("appKey", app.appKey())
                        .put("masterSecret", app.masterSecret()).put("name", app.name())));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List apps as JSON lines.")
    static final class ListApps implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--data", defaultValue = HeraldConfig.DEFAULT_DATA_DIR, description = "data directory")
        Path data;

        @Override
        public Integer call() {
            if (!Files.exists(data.resolve("herald.db"))) {
                throw new IllegalArgumentException("no Herald data in " + data);
            }
            try (Store store = SqliteStore.open(data.resolve("herald.db"))) {
                for (App app : store.listApps()) {
                    System.out.println(Json.string(Json.object().put("appKey", app.appKey())
                            .put("name", app.name()).put("clientBind", app.clientBind())
                            .put("pushRatePerMinute", app.pushRatePerMinute()).put("enabled", app.enabled())));
                }
            }
            return 0;
        }
    }
}
