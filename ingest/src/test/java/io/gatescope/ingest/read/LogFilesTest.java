package io.gatescope.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    @TempDir Path dir;

    @Test
    void aPostMortemsFoldersAreSearchedAndHiddenOnesSkipped() throws Exception {
        Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(dir.resolve("app-1/journal"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("nginx/access.log"), "x\n");
        Files.writeString(dir.resolve("nginx/.access.log.swp"), "x\n");
        Files.writeString(dir.resolve("app-1/journal/journal.json"), "x\n");
        Files.writeString(dir.resolve(".git/config"), "x\n");
        assertThat(LogFiles.expand(List.of(dir)))
                .containsExactly(
                        dir.resolve("app-1/journal/journal.json"), dir.resolve("nginx/access.log"));
    }

    @Test
    void aFolderWithoutLogsIsAOneLineError() throws Exception {
        Files.createDirectories(dir.resolve("empty/.hidden"));
        assertThatThrownBy(() -> LogFiles.expand(List.of(dir.resolve("empty"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no log files in");
        assertThatThrownBy(() -> LogFiles.expand(List.of(dir.resolve("missing"))))
                .hasMessageStartingWith("no such file or directory");
    }
}
