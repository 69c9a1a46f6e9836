package org.blendstream.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.kafka.common.config.ConfigException;
import org.blendstream.model.ModelDirectoryException;
import org.blendstream.runtime.TopicSetup;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's exception into one line a user can act on, {@code error: <message>}, and an
 * exit code that says whose fault it was (see {@link Main}'s exit code list). {@code --stacktrace}
 * prints the whole trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  static final int CHECK_FAILED = 1;
  static final int BAD_INPUT = 3;
  static final int RUNTIME_FAILURE = 4;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (stacktraceRequested(parseResult)) {
      ex.printStackTrace(err);
    } else {
      err.println("error: " + message(ex));
    }
    err.flush();
    return exitCode(ex);
  }

  private static boolean stacktraceRequested(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exception's message, then each cause's where it says something the text so far does not.
   */
  static String message(Throwable ex) {
    StringBuilder text =
        new StringBuilder(
            ex instanceof FileSystemException f
                ? fileProblem(f) + ": " + f.getFile()
                : ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName());
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      String part = c instanceof FileSystemException f ? fileProblem(f) : c.getMessage();
      if (part != null && !part.isBlank() && !text.toString().contains(part)) {
        text.append(" (").append(part).append(')');
      }
    }
    return text.toString();
  }

  // A file exception's message is just the path, which the surrounding message already names.
  private static String fileProblem(FileSystemException f) {
    if (f instanceof NoSuchFileException) {
      return "no such file";
    }
    if (f instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (f instanceof NotDirectoryException) {
      return "not a directory";
    }
    return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof TopicSetup.MissingTopicsException) {
      return CHECK_FAILED;
    }
    // An IllegalArgumentException is the user's only when the command itself throws it: deep inside
    // a failure it is
    // more likely a library's internal complaint, which "bad input" would wrongly blame on the
    // user.
    if (ex instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    for (Throwable c = ex; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConfigException
          || c instanceof ModelDirectoryException
          || c instanceof NoSuchFileException
          || c instanceof AccessDeniedException
          || c instanceof NotDirectoryException
          || c instanceof FileNotFoundException) {
        return BAD_INPUT;
      }
    }
    return RUNTIME_FAILURE;
  }
}
