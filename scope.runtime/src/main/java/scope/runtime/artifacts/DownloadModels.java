package scope.runtime.artifacts;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import scope.api.Artifact;

/**
 * Command line: downloads artifacts into the models directory before first use.
 *
 * <pre>
 * DownloadModels [--models DIR] [--hf-endpoint URL] [--drive-base URL]
 *                (--hf REPO_ID FILE... | --drive FILE_ID [--name NAME] [FILE...])...
 * </pre>
 *
 * {@code HF_TOKEN} and {@code HF_ENDPOINT} are read from the environment. Exit status 0 when everything is present,
 * 1 when a download failed, 2 on bad arguments.
 */
public final class DownloadModels {
    private DownloadModels() {
    }

    /** Parsed command line. */
    record Options(Path models, DownloadSettings settings, List<Artifact> artifacts) {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        ArtifactDownloader downloader = new ArtifactDownloader(new ArtifactStore(options.models()),
                options.settings());
        int[] lastShown = {-1};
        String[] lastKey = {null};
        try {
            downloader.download(options.artifacts(), (key, done, total) -> {
                int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
                if (!key.equals(lastKey[0]) || percent != lastShown[0]) {
                    lastKey[0] = key;
                    lastShown[0] = percent;
                    out.println(key + ": " + percent + "% (" + done + (total >= 0 ? " / " + total : "") + " bytes)");
                }
            });
        } catch (IOException e) {
            err.println(DownloadManager.errorMessage(e));
            err.println("cause: " + e.getMessage());
            return 1;
        }
        boolean present = downloader.store().isDownloaded(options.artifacts());
        out.println(present ? "All artifacts present in " + options.models() : "Some artifacts are still missing");
        return present ? 0 : 1;
    }

    static Options parse(String[] args, Map<String, String> env) {
        DownloadSettings settings = DownloadSettings.fromEnvironment(env);
        Path models = defaultModels(env);
        List<Artifact> artifacts = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String arg = args[i++];
            switch (arg) {
                case "--models" -> models = Path.of(value(args, i++, arg));
                case "--hf-endpoint" -> settings = settings.withHuggingFaceEndpoint(URI.create(value(args, i++, arg)));
                case "--drive-base" -> settings = settings.withGoogleDriveBase(URI.create(value(args, i++, arg)));
                case "--hf" -> {
                    String repo = value(args, i++, arg);
                    List<String> files = new ArrayList<>();
                    while (i < args.length && !args[i].startsWith("--")) {
                        files.add(args[i++]);
                    }
                    if (files.isEmpty()) {
                        throw new IllegalArgumentException("--hf " + repo + " needs at least one file");
                    }
                    artifacts.add(Artifact.huggingFace(repo, files.toArray(String[]::new)));
                }
                case "--drive" -> {
                    String id = value(args, i++, arg);
                    String name = null;
                    if (i < args.length && args[i].equals("--name")) {
                        name = value(args, i + 1, "--name");
                        i += 2;
                    }
                    List<String> files = new ArrayList<>();
                    while (i < args.length && !args[i].startsWith("--")) {
                        files.add(args[i++]);
                    }
                    artifacts.add(Artifact.googleDrive(id, files, name));
                }
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("no artifacts given");
        }
        return new Options(models, settings, artifacts);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** {@code $SCOPE_HOME/models}, or {@code ~/.scope/models}. */
    static Path defaultModels(Map<String, String> env) {
        String home = env.get("SCOPE_HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".scope");
        return base.resolve("models");
    }

    static String usage() {
        return "usage: DownloadModels [--models DIR] [--hf-endpoint URL] [--drive-base URL]\n"
                + "                      (--hf REPO_ID FILE... | --drive FILE_ID [--name NAME] [FILE...])...\n"
                + "Environment: HF_TOKEN (sent to the Hugging Face endpoint only), HF_ENDPOINT, SCOPE_HOME.";
    }
}
