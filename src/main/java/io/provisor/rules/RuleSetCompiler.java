package io.provisor.rules;

import io.provisor.model.Diagnostic;
import io.provisor.rules.facts.App;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.KieBaseMutabilityOption;
import org.kie.api.runtime.KieContainer;

/** Checks and compiles an app's files into a {@link RuleSet}; a set with any error is rejected whole. */
public final class RuleSetCompiler {

    private static final String RESOURCES = "src/main/resources/";
    private static final int POOLED_SESSIONS = 4;

    private final DrlSandbox sandbox = new DrlSandbox();

    /**
     * @param app   the app's folder name
     * @param files {@code <app>/app.json}, the app's DRL and the common DRL, paths relative to the rules folder
     */
    public RuleSet compile(String app, List<RuleFile> files) throws RuleSetRejected {
        List<Diagnostic> diagnostics = new ArrayList<>();
        String appFile = app + "/app.json";
        RuleFile config = files.stream().filter(f -> f.path().equals(appFile)).findFirst().orElse(null);
        if (config == null) {
            throw new RuleSetRejected(app, List.of(Diagnostic.error(appFile, 0, 0, "app_json_missing",
                    "app `" + app + "` has no app.json")));
        }
        AppConfigReader.Definition definition = new AppConfigReader(appFile, diagnostics).read(app, config.text());
        App declared = definition == null ? null : definition.app();
        List<RuleFile> drl = new ArrayList<>(files.stream().filter(RuleFile::isDrl)
                .sorted(Comparator.comparing(RuleFile::path)).toList());
        if (declared != null) {
            RuleFile generated = FilterRuleWriter.write(declared);
            if (generated != null) {
                drl.add(generated);
            }
        }
        Map<String, RuleInfo> rules = inspect(app, drl, diagnostics);
        if (declared == null || diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new RuleSetRejected(app, diagnostics);
        }
        List<String> filterRules = rules.values().stream().filter(RuleInfo::isScopingFilter).map(RuleInfo::id).toList();
        App appFact = declared.withScopingRules(filterRules);
        List<RuleFile> all = new ArrayList<>(drl);
        all.add(0, config);
        String revision = revision(all);
        KieBase kieBase = build(app, revision, drl, diagnostics);
        return new RuleSet(appFact, definition.mappings(), revision, all, rules, kieBase,
                kieBase.newKieSessionsPool(POOLED_SESSIONS), diagnostics);
    }

    private Map<String, RuleInfo> inspect(String app, List<RuleFile> drl, List<Diagnostic> diagnostics) {
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        Map<String, RuleInfo> byId = new HashMap<>();
        for (RuleFile file : drl) {
            boolean appScoped = file.path().startsWith(app + "/");
            for (RuleInfo rule : DrlInspector.inspect(file, appScoped, sandbox, diagnostics)) {
                RuleInfo earlier = byId.putIfAbsent(rule.id(), rule);
                if (earlier != null) {
                    diagnostics.add(Diagnostic.error(file.path(), rule.line(), 0, "rule_id_duplicate",
                            "rule `" + rule.id() + "` is also defined in " + earlier.file() + ":" + earlier.line()));
                } else {
                    rules.put(rule.id(), rule.at(rules.size()));
                }
            }
        }
        return rules;
    }

    private static KieBase build(String app, String revision, List<RuleFile> drl, List<Diagnostic> diagnostics)
            throws RuleSetRejected {
        KieServices services = KieServices.get();
        ReleaseId releaseId = services.newReleaseId("io.provisor.rules", app.replaceAll("[^A-Za-z0-9_.-]", "_"),
                "1.0.0-" + revision);
        KieFileSystem fileSystem = services.newKieFileSystem();
        fileSystem.generateAndWritePomXML(releaseId);
        for (RuleFile file : drl) {
            fileSystem.write(RESOURCES + file.path(), file.text());
        }
        KieBuilder builder = services.newKieBuilder(fileSystem).buildAll();
        List<Diagnostic> compileErrors = builder.getResults().getMessages(Message.Level.ERROR).stream()
                .map(RuleSetCompiler::toDiagnostic).toList();
        if (!compileErrors.isEmpty()) {
            diagnostics.addAll(compileErrors);
            throw new RuleSetRejected(app, diagnostics);
        }
        builder.getResults().getMessages(Message.Level.WARNING).stream().map(RuleSetCompiler::toDiagnostic)
                .map(d -> Diagnostic.warning(d.file(), d.line(), d.column(), d.code(), d.message()))
                .forEach(diagnostics::add);
        KieContainer container = services.newKieContainer(releaseId);
        KieBase kieBase = container.newKieBase(configuration(services));
        // The repository would keep every revision ever built; the KieBase is all we need.
        services.getRepository().removeKieModule(releaseId);
        return kieBase;
    }

    /**
     * How a rule set's KieBase evaluates. A decision puts a handful of facts of each type in a session (the
     * user, a few groups and assignments), so hashing the join memories costs more than scanning them: without
     * the indexes an outcome takes less CPU, with the same findings. A KieBase is never changed once built,
     * which lets Drools skip guarding it against changes while sessions run.
     */
    static KieBaseConfiguration configuration(KieServices services) {
        Properties properties = new Properties();
        properties.setProperty("drools.indexLeftBetaMemory", "false");
        properties.setProperty("drools.indexRightBetaMemory", "false");
        KieBaseConfiguration configuration = services.newKieBaseConfiguration(properties);
        configuration.setOption(KieBaseMutabilityOption.DISABLED);
        return configuration;
    }

    private static Diagnostic toDiagnostic(Message message) {
        String path = message.getPath() == null ? "" : message.getPath().replaceFirst("^" + RESOURCES, "");
        return Diagnostic.error(path, message.getLine(), message.getColumn() + 1, "drl_compile",
                message.getText().strip());
    }

    static String revision(List<RuleFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(RuleFile::path)).forEach(file -> {
                digest.update(file.path().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.text().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
