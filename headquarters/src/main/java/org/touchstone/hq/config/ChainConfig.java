package org.touchstone.hq.config;

/**
 * Chain-head verification.
 *
 * @param keysDirectory folder of the posts' checkpoint keys, one file {@code <postId>.key} each (the same bytes as
 *                      the post's key file). A head from a post with a key here must carry a valid {@code mac}; a
 *                      post without one is checked for continuity only. Null: no keys, continuity only
 */
public record ChainConfig(String keysDirectory) {
}
