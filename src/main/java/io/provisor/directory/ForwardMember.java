package io.provisor.directory;

/** A group member named before its object existed: linked once every batch is in. */

record ForwardMember(Pending.Position at, String groupId, String memberId) {
}
