package io.provisor.revisions;

import io.provisor.directory.Directory;
import io.provisor.engine.PolicyEngine;
import io.provisor.preview.ImpactPreview;
import io.provisor.rules.RuleLibrary;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.JobStore;
import io.provisor.store.PreviewStore;
import io.provisor.store.RevisionStore;
import java.time.Clock;

/** The parts that let admins change rules safely: revisions, rollback, replay, previews and gated activation. */
public record Governance(RevisionStore revisionStore, RuleRevisions revisions, Replay replay, ImpactPreview previews,
                         PreviewStore previewStore, RuleActivation activation) {

    /** Wires them over one database; every activation of the library is stored as a revision from now on. */
    public static Governance wire(RuleLibrary library, Database database, Directory directory, PolicyEngine engine, Clock clock,
                                  RuleActivation.TestGate tests) {
        RevisionStore revisionStore = new RevisionStore(database);
        RuleRevisions revisions = new RuleRevisions(library, revisionStore, clock);
        PreviewStore previewStore = new PreviewStore(database);
        ImpactPreview previews = new ImpactPreview(library, directory, new JobStore(database), new Candidates(database), previewStore,
                engine, clock);
        return new Governance(revisionStore, revisions, new Replay(library, revisionStore, revisions, engine), previews, previewStore,
                new RuleActivation(library, revisions, previews, previewStore, tests));
    }
}
