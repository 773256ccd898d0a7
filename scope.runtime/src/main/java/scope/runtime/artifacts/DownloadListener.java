package scope.runtime.artifacts;

/** Progress of one artifact's download. */
@FunctionalInterface
public interface DownloadListener {
    /**
     * @param artifactKey {@link scope.api.Artifact#key()} of the artifact being fetched
     * @param bytesDone bytes of this artifact on disk so far (resumed parts included)
     * @param bytesTotal size of the artifact's missing files as far as known, or -1 when nothing is known yet
     */
    void progress(String artifactKey, long bytesDone, long bytesTotal);

    DownloadListener NONE = (key, done, total) -> { };
}
