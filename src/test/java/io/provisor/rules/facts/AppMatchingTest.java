package io.provisor.rules.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppMatchingTest {

    private final App app = new App("crm", Scope.ASSIGNED_ONLY, List.of(),
            List.of(new AttributeMatch(1, "userPrincipalName", "userName"), new AttributeMatch(2, "mail", "emails[type eq \"work\"].value")),
            List.of(), List.of(), TargetActions.all(), false, null);

    private static User user(String upn, String mail) {
        return new User("u1", upn, mail, null, null, null, null, null, null, null, null, null, null, null, null, null, true,
                Deletion.NONE, null, Map.of());
    }

    @Test
    void the_first_matching_attribute_with_a_value_wins() {
        assertThat(app.firstMatch(user("ada@contoso.com", "ada@mail.contoso.com")).source()).isEqualTo("userPrincipalName");
        assertThat(app.canMatch(user("ada@contoso.com", null))).isTrue();
    }

    @Test
    void an_empty_first_attribute_falls_through_to_the_next() {
        assertThat(app.firstMatch(user("", "ada@mail.contoso.com")).source()).isEqualTo("mail");
    }

    @Test
    void a_user_without_any_matching_value_has_no_match() {
        assertThat(app.firstMatch(user(null, ""))).isNull();
        assertThat(app.canMatch(user(null, ""))).isFalse();
    }
}
