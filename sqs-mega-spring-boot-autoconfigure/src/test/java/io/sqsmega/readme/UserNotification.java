package io.sqsmega.readme;

/**
 * A data object of the README's listener reference.
 *
 * @param userId the user
 * @param text what to tell them
 */
public record UserNotification(String userId, String text) {
}
