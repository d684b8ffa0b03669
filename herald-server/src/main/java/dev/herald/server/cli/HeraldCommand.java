package dev.herald.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

/** {@code java -jar herald.jar <command>}: the entry point of the server jar. */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = HeraldCommand.Version.class,
        description = "Herald: a self-hosted message push server.",
        subcommands = {ServerCommand.class, AppCommand.class, CommandLine.HelpCommand.class})
public final class HeraldCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine(args, System.getenv()).execute(args));
    }

    /** The command line with defaults from the environment and the config file wired in. */
    static CommandLine commandLine(String[] args, Map<String, String> env) {
        CommandLine cl = new CommandLine(new HeraldCommand());
        try {
            cl.setDefaultValueProvider(new SettingsDefaults(env, SettingsDefaults.configFile(args, env)));
        } catch (IllegalArgumentException e) {
            System.err.println("herald: " + e.getMessage());
            System.exit(2);
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("herald: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HeraldCommand.class.getPackage().getImplementationVersion();
            return new String[]{"herald " + (v == null ? "dev" : v)};
        }
    }
}
