package dev.herald.server.device;

import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"user_1", "ABCxyz0123456789", "_", "a@!#$&*+=.|￥", "深圳", "北京_vip", "用户123",
            "\uD840\uDC00" /* U+20000, CJK extension B: Han, 4 bytes */, "〇々"})
    void acceptsLettersDigitsUnderscoreHanAndSpecials(String name) {
        assertThat(Names.validTag(name)).isTrue();
        assertThat(Names.validAlias(name)).isTrue();
        assertThatCode(() -> Names.checkTag("tag", name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a-b", "a/b", "a%b", "a,b", "深圳。", "北京，", "😀", "tag😀", "café", "Привет",
            "カタカナ", "한국", "tab\t", "a\u0000b", "＄"})
    void refusesEverythingElse(String name) {
        assertThat(Names.validTag(name)).isFalse();
        assertThat(Names.validAlias(name)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(Names.validTag(null)).isFalse();
        assertThatThrownBy(() -> Names.checkAlias("alias", null))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.error()).isEqualTo(HeraldError.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("alias", "empty");
                });
    }

    @Test
    void fortyBytesOfUtf8IsTheLimit() {
        assertThat(Names.validTag("a".repeat(40))).isTrue();
        assertThat(Names.validTag("a".repeat(41))).isFalse();
        String cjk13 = "中".repeat(13);
        String cjk14 = "中".repeat(14);
        assertThat(Names.validTag(cjk13)).as("13 ideographs = 39 bytes").isTrue();
        assertThat(Names.validAlias(cjk14)).as("14 ideographs = 42 bytes").isFalse();
        assertThat(Names.validTag("中".repeat(13) + "a")).as("40 bytes exactly").isTrue();
        assertThat(Names.validTag("￥".repeat(13) + "ab")).as("￥ is 3 bytes: 41").isFalse();
        assertThat(Names.validTag("\uD840\uDC00".repeat(10))).as("10 supplementary ideographs = 40 bytes").isTrue();
        assertThat(Names.validTag("\uD840\uDC00".repeat(10) + "a")).isFalse();
    }

    @Test
    void errorNamesFieldValueAndRule() {
        assertThatThrownBy(() -> Names.checkTag("audience.tag", "中".repeat(14)))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.error()).isEqualTo(HeraldError.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("audience.tag", "中".repeat(14), "42 bytes", "40");
                });
        assertThatThrownBy(() -> Names.checkAlias("alias", "bob smith"))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.error()).isEqualTo(HeraldError.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("alias", "\"bob smith\"", "' '", "U+0020", "letters",
                            "@!#$&*+=.|￥");
                });
        assertThatThrownBy(() -> Names.checkTag("tags", "hi😀"))
                .isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.getMessage()).contains("tags", "U+1F600"));
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String value = "x".repeat(500);
        assertThatThrownBy(() -> Names.checkTag("tag", value))
                .isInstanceOfSatisfying(HeraldException.class,
                        e -> assertThat(e.getMessage()).hasSizeLessThan(200).contains("500 bytes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "13800138000", "+8613800138000", "0", "12345678901234567890", "+1234567890123456789"})
    void acceptsMobiles(String mobile) {
        assertThat(Names.validMobile(mobile)).isTrue();
        assertThatCode(() -> Names.checkMobile("mobile", mobile)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "++1", "1+2", "138 0013 8000", "138-0013", "abc", "123456789012345678901",
            "+12345678901234567890", "１２３", "\u0661\u0662"})
    void refusesOtherMobiles(String mobile) {
        assertThat(Names.validMobile(mobile)).isFalse();
        assertThatThrownBy(() -> Names.checkMobile("mobile", mobile))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.error()).isEqualTo(HeraldError.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("mobile", mobile, "20");
                });
    }

    @Test
    void nullMobileIsInvalid() {
        assertThat(Names.validMobile(null)).isFalse();
    }
}
