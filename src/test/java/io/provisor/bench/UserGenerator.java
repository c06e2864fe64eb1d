package io.provisor.bench;

import io.provisor.engine.EvaluationInput;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Deletion;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.PrincipalType;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic synthetic directory for the benchmark: the same seed always gives the same users,
 * groups, assignments and target states. The mix aims at what a CRM tenant looks like: a third of
 * the users in sales, most of them assigned through a security group, a few disabled, deleted,
 * contractors or without a UPN or mail, and target accounts in every state the policy distinguishes.
 *
 * <p>Each user's input carries only the groups the evaluation needs, with their direct members
 * trimmed to a handful (the user, a nested group, a few colleagues), as a caller of the API would send them.
 */
final class UserGenerator {

    static final String ROLE_DEFAULT = AppRoleAssignment.DEFAULT_ACCESS;
    static final String ROLE_SALES_REP = "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1";
    static final String ROLE_SALES_MANAGER = "8d2b7e10-4c1f-4f5e-9a0b-6b1d2e3f4a5c";
    /** A role id that contoso-crm does not define (an assignment left over from an older app manifest). */
    static final String ROLE_UNDEFINED = "11111111-2222-3333-4444-555555555555";

    private static final String[] DEPARTMENTS = {"Sales", "Marketing", "Engineering", "Finance", "HR", "Support"};
    private static final int[] DEPARTMENT_WEIGHTS = {35, 15, 20, 10, 5, 15};
    private static final String[] COUNTRIES = {"US", "GB", "DE", "IN", "CA", "FR"};
    private static final int[] COUNTRY_WEIGHTS = {50, 15, 10, 10, 10, 5};
    private static final String[] CITIES = {"Seattle", "London", "Berlin", "Bengaluru", "Toronto", "Paris"};
    private static final String[] SALES_TITLES = {"Sales Representative", "Account Executive", "Sales Manager",
            "Director of Sales", "VP of Sales", "Head of Sales EMEA", "Regional VP of Sales", "Sales Engineer"};
    private static final int[] SALES_TITLE_WEIGHTS = {40, 22, 10, 6, 3, 2, 5, 12};
    private static final Map<String, String[]> OTHER_TITLES = Map.of(
            "Marketing", new String[] {"Marketing Manager", "Content Strategist", "VP of Marketing"},
            "Engineering", new String[] {"Software Engineer", "Senior Software Engineer", "Head of Engineering"},
            "Finance", new String[] {"Accountant", "Financial Analyst", "Director of Finance"},
            "HR", new String[] {"HR Business Partner", "Recruiter"},
            "Support", new String[] {"Support Engineer", "Customer Success Manager", "Head of Sales Support"});
    private static final String[] GIVEN = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis",
            "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Niklaus"};
    private static final String[] FAMILY = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson",
            "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson", "Wirth"};

    private final Random random;

    UserGenerator(long seed) {
        this.random = new Random(seed);
    }

    List<EvaluationInput> generate(int count) {
        List<EvaluationInput> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(next(i));
        }
        return inputs;
    }

    private EvaluationInput next(int n) {
        String id = String.format("u-%06d-%04x", n, random.nextInt(0x10000));
        String department = pick(DEPARTMENTS, DEPARTMENT_WEIGHTS);
        int countryIndex = index(COUNTRY_WEIGHTS);
        String country = chance(2) ? null : COUNTRIES[countryIndex];
        String title = chance(4) ? null : department.equals("Sales") ? pick(SALES_TITLES, SALES_TITLE_WEIGHTS)
                : oneOf(OTHER_TITLES.get(department));
        String given = oneOf(GIVEN);
        String family = oneOf(FAMILY);
        String nickname = (given + "." + family).toLowerCase() + n;
        // 3 % have no UPN (guests created by a broken sync), 10 % no mail; about 0.6 % have neither.
        boolean noUpn = chance(3);
        boolean noMail = chance(10) || (noUpn && chance(20));
        String upn = noUpn ? null : nickname + "@contoso.com";
        String mail = noMail ? null : chance(50) && upn != null ? upn : nickname + "@mail.contoso.com";
        Boolean enabled = chance(5) ? Boolean.FALSE : chance(2) ? null : Boolean.TRUE;
        Deletion deleted = chance(2) ? Deletion.SOFT : chance(1) ? Deletion.HARD : Deletion.NONE;
        String employeeType = chance(8) ? "Contractor" : chance(7) ? null : "Employee";
        User user = new User(id, upn, mail, nickname, given + " " + family, given, family,
                chance(1) ? "" : department, title, "Contoso", country, CITIES[countryIndex], null,
                String.valueOf(100000 + n), employeeType, chance(3) ? "Guest" : "Member", enabled, deleted,
                null, chance(5) ? Map.of("extension_crm_costCenter", "CC-" + random.nextInt(900)) : Map.of());

        List<Group> groups = new ArrayList<>();
        List<AppRoleAssignment> assignments = new ArrayList<>();
        assign(user, department, country, groups, assignments);
        return new EvaluationInput(user, groups, assignments, target(user));
    }

    private void assign(User user, String department, String country, List<Group> groups,
                        List<AppRoleAssignment> assignments) {
        String id = user.id();
        // Direct assignments: 30 % of users; one in ten of them names a role the app no longer defines.
        if (chance(30)) {
            String role = chance(10) ? ROLE_UNDEFINED : chance(60) ? ROLE_SALES_REP
                    : chance(50) ? ROLE_DEFAULT : ROLE_SALES_MANAGER;
            assignments.add(new AppRoleAssignment(id, PrincipalType.USER, role, null));
        }
        // The department's security group; sales groups are assigned to the CRM (one in 50 with an undefined role).
        String deptGroup = "g-" + department.toLowerCase() + (country == null ? "" : "-" + country.toLowerCase());
        groups.add(group(deptGroup, "SG " + department + (country == null ? "" : " " + country), true, id));
        if (department.equals("Sales") && chance(85)) {
            assignments.add(new AppRoleAssignment(deptGroup, PrincipalType.GROUP,
                    chance(2) ? ROLE_UNDEFINED : ROLE_SALES_REP, null));
        }
        // Sales leadership: a security group assigned with the manager role.
        if (user.jobTitle() != null && user.jobTitle().contains("of Sales") && chance(70)) {
            groups.add(group("g-sales-leaders", "Sales Leadership", true, id));
            assignments.add(new AppRoleAssignment("g-sales-leaders", PrincipalType.GROUP, ROLE_SALES_MANAGER, null));
        }
        // A mail distribution list (not security-enabled) that an admin assigned by mistake.
        if (chance(8)) {
            groups.add(group("g-all-staff", "All Staff", false, id));
            assignments.add(new AppRoleAssignment("g-all-staff", PrincipalType.GROUP, ROLE_DEFAULT, null));
        }
        // Nested: the user is in "CRM EMEA Sales", itself a member of the assigned "CRM Users".
        if (chance(6)) {
            groups.add(group("g-crm-emea", "CRM EMEA Sales", true, id));
            groups.add(group("g-crm-users", "CRM Users", true, "g-crm-emea"));
            assignments.add(new AppRoleAssignment("g-crm-users", PrincipalType.GROUP, ROLE_SALES_REP, null));
        }
        // A security group with no displayName, its matching attribute: skipped, it entitles nobody.
        if (chance(2)) {
            groups.add(new Group("g-unnamed", null, null, null, true, members(id)));
            assignments.add(new AppRoleAssignment("g-unnamed", PrincipalType.GROUP, ROLE_SALES_REP, null));
        }
        // An inconsistent record: an assignment naming the user as a group.
        if (chance(1)) {
            assignments.add(new AppRoleAssignment(id, PrincipalType.GROUP, ROLE_DEFAULT, null));
        }
        // Unassigned groups the user is in anyway (they must not change anything).
        if (chance(30)) {
            groups.add(group("g-vpn", "VPN Users", true, id));
        }
    }

    private TargetState target(User user) {
        int roll = random.nextInt(100);
        if (roll < 20) {
            return TargetState.unknown();
        }
        if (roll < 45) {
            return TargetState.found(List.of());
        }
        if (roll < 53) {
            return TargetState.found(List.of(new TargetObject("t-" + user.id(), account(user, true, true))));
        }
        if (roll < 60) {
            return TargetState.found(List.of(new TargetObject("t-" + user.id(), account(user, false, true))));
        }
        if (roll < 63) {
            return TargetState.found(List.of(new TargetObject("t-" + user.id(), account(user, true, true)),
                    new TargetObject("t2-" + user.id(), account(user, true, true))));
        }
        if (roll < 83) {
            return TargetState.linked("t-" + user.id(), account(user, true, true));
        }
        if (roll < 93) {
            return TargetState.linked("t-" + user.id(), account(user, false, true));
        }
        return TargetState.linked("t-" + user.id(), account(user, true, false));
    }

    /** A SCIM user as the target holds it: the same values as the source, or one of them stale. */
    private Map<String, Object> account(User user, boolean same, boolean active) {
        Map<String, Object> account = new LinkedHashMap<>();
        String userName = user.userPrincipalName() != null ? user.userPrincipalName() : user.mailNickname();
        String mail = user.mail();
        if (!same) {
            switch (random.nextInt(3)) {
                case 0 -> userName = "old." + userName;
                case 1 -> mail = "stale@contoso.com";
                default -> active = !active;
            }
        }
        account.put("userName", userName);
        if (mail != null) {
            account.put("emails", List.of(Map.of("type", "work", "value", mail, "primary", true)));
        }
        account.put("displayName", user.displayName());
        if (!chance(10)) {
            // A few targets send the boolean as a string, and some omit it (a missing flag counts as active).
            account.put("active", chance(20) ? String.valueOf(active) : (Object) active);
        } else if (!active) {
            account.put("active", false);
        }
        return account;
    }

    private static Group group(String id, String name, boolean security, String member) {
        return new Group(id, name, null, null, security, members(member));
    }

    /** The member, among a few colleagues. */
    private static List<String> members(String member) {
        return List.of("u-colleague-1", "u-colleague-2", member, "u-colleague-3");
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private String oneOf(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(String[] values, int[] weights) {
        return values[index(weights)];
    }

    private int index(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
