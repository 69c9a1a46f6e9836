package org.blendstream;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts a real broker, a registry or child processes, or runs a model for a minute or
 * more. Such tests run in {@code mvn verify}'s integration-test phase (failsafe), so that {@code
 * mvn test} stays the fast loop; {@code TestSplitTest} checks that every test reaching a broker or
 * a process carries this tag.
 */
@Tag(IntegrationTest.TAG)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface IntegrationTest {
  String TAG = "integration";
}
