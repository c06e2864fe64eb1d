/**
 * The vocabulary of rule authors: the facts provisor inserts ({@link io.provisor.rules.facts.User},
 * {@link io.provisor.rules.facts.Group}, {@link io.provisor.rules.facts.AppRoleAssignment},
 * {@link io.provisor.rules.facts.App}, {@link io.provisor.rules.facts.TargetState},
 * {@link io.provisor.rules.facts.AttributeDiff}) and the facts rules derive
 * ({@link io.provisor.rules.facts.Finding} and its records). DRL may use nothing else but
 * {@code java.lang} value types and {@code java.util} collections.
 */
package io.provisor.rules.facts;
