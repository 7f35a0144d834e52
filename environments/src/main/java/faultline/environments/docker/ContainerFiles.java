package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files into and out of a container through the engine's archive API (a tar of one file), so
 * nothing of the file passes through a shell or a command line.
 *
 * <p>A file written carries its mode and owner in its tar header, which the engine applies as it
 * unpacks; the engine replaces whatever is at the path (a link included) rather than writing
 * through it. A file read must be a regular file: a link is refused, not followed.
 */
final class ContainerFiles {
  private static final Duration COPY_TIMEOUT = Duration.ofSeconds(60);

  private final DockerClient client;
  private final String containerId;

  ContainerFiles(DockerClient client, String containerId) {
    this.client = client;
    this.containerId = containerId;
  }

  /** Puts {@code content} at {@code path}, mode {@code mode}, owned by {@code uid}:{@code gid}; the folder must exist. */
  void write(Path path, byte[] content, int mode, long uid, long gid) throws NotFoundException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream(content.length + 1024);
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(path.getFileName().toString());
      entry.setSize(content.length);
      entry.setMode(0100000 | (mode & 07777));
      entry.setIds((int) uid, (int) gid);
      entry.setModTime(System.currentTimeMillis());
      out.putArchiveEntry(entry);
      out.write(content);
      out.closeArchiveEntry();
      out.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DockerEngine.within(COPY_TIMEOUT, "copy " + path + " into the container", () -> {
      client.copyArchiveToContainerCmd(containerId).withRemotePath(path.getParent().toString())
          .withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec();
      return null;
    });
  }

  /** The regular file at {@code path}; empty when it is something else (a folder, a link). */
  Optional<byte[]> read(Path path) throws NotFoundException {
    return DockerEngine.within(COPY_TIMEOUT, "copy " + path + " out of the container", () -> {
      try (InputStream stream = client.copyArchiveFromContainerCmd(containerId, path.toString()).exec();
           TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
        TarArchiveEntry entry = tar.getNextEntry();
        if (entry == null || !entry.isFile()) return Optional.<byte[]>empty();
        byte[] content = tar.readAllBytes();
        stream.transferTo(java.io.OutputStream.nullOutputStream()); // the rest of the archive, so the connection ends cleanly
        return Optional.of(content);
      }
    });
  }
}
