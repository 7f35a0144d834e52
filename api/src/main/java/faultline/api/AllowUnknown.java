package faultline.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test method or class using {@link FaultlineExtension}: an {@code unknown} verdict (the
 * checks could not decide, or the run found something wrong with itself) passes the test rather
 * than failing it. An anomaly fails it all the same.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AllowUnknown {}
