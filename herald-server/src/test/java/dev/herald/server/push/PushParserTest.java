package dev.herald.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushParserTest {
    /** What cn.jpush.api:jpush-client 3.7.7 sends for PushPayload.alertAll("hi"). */
    static final String SDK_ALERT_ALL = "{\"platform\":\"all\",\"audience\":\"all\",\"notification\":"
            + "{\"ai_opportunity\":false,\"alert\":\"hi\"},\"options\":{\"sendno\":936931130,"
            + "\"apns_production\":false,\"classification\":0}}";

    static PushRequest parse(String json) {
        return PushParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A body whose JSON is written with ' for ", to keep the tests readable. */
    static PushRequest parseQ(String json) {
        return parse(json.replace('\'', '"'));
    }

    static void fails(String json, HeraldError error, String... fragments) {
        assertThatThrownBy(() -> parseQ(json))
                .isInstanceOfSatisfying(HeraldException.class, e -> {
                    assertThat(e.error()).as(e.getMessage()).isEqualTo(error);
                    assertThat(e.getMessage()).contains(fragments);
                });
    }

    /** A valid body with the given top-level fields appended. */
    static String body(String extra) {
        return "{'platform':'all','audience':'all','notification':{'alert':'hi'}" + extra + "}";
    }

    static String quoted(Set<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(","));
    }

    static Set<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toSet());
    }

    @Test
    void officialJavaSdkAlertAll() {
        PushRequest r = parse(SDK_ALERT_ALL);
        assertThat(r.audience().all()).isTrue();
        assertThat(r.audience().platforms()).isEmpty();
        assertThat(r.sendno()).isEqualTo(936931130L);
        assertThat(r.notification().get("alert").textValue()).isEqualTo("hi");
        assertThat(r.notification().get("ai_opportunity").booleanValue()).isFalse();
        assertThat(r.message()).isNull();
        assertThat(r.timeToLive()).isNull();
        assertThat(r.overrideMsgId()).isZero();
        assertThat(r.cid()).isNull();
    }

    @Test
    void jpushDocumentationExampleIsKeptAsSent() {
        String json = "{'platform':['android','ios','hmos','quickapp'],'audience':{'tag':['深圳','北京']},"
                + "'notification':{'alert':'Hello, {{content}}!',"
                + "'android':{'alert':'Hi, JPush!','title':'Send to Android','builder_id':1,"
                + "'large_icon':'http://www.jiguang.cn/largeIcon.jpg',"
                + "'intent':{'url':'intent:#Intent;component=com.jiguang.push/com.example.jpushdemo.SettingActivity;end'},"
                + "'extras':{'newsid':321}},"
                + "'ios':{'alert':'Hi, JPush!','sound':'default','badge':'+1','thread-id':'default',"
                + "'extras':{'newsid':321}},"
                + "'hmos':{'alert':'hmos alert','title':'hmos titile','intent':{'url':'scheme://test?key1=val1'},"
                + "'badge_add_num':1,'badge_set_num':1,'extras':{'age':18},'category':'IM','test_message':false,"
                + "'receipt_id':'abc1212','style':0,'push_type':0},"
                + "'voip':{'key':'value'},'quickapp':{'alert':'Hi, JPush!','title':'Send to QuickApp','page':'/page1'}},"
                + "'message':{'msg_content':'Hi,JPush','content_type':'text','title':'msg','extras':{'key':'value'}},"
                + "'options':{'time_to_live':60,'apns_production':false,'apns_collapse_id':'jiguang_test_201706011100',"
                + "'third_party_channel':{'xiaomi':{'distribution':'ospush','channel_id':'1'}}},"
                + "'sms_message':{'delay_time':3600,'temp_id':1,'temp_para':{'code':'123456'}},"
                + "'callback':{'url':'http://www.example.com'},'cid':'8103a4c628a0b98974ec1949-711261d4-5f17-4d2f-a855-5e5a8909b26e'}";
        PushRequest r = parseQ(json);
        assertThat(r.audience().all()).isFalse();
        assertThat(r.audience().tags()).containsExactlyInAnyOrder("深圳", "北京");
        assertThat(r.audience().platforms()).containsExactlyInAnyOrder("android", "ios", "hmos", "quickapp");
        assertThat(r.notification().get("android").get("builder_id").intValue()).isEqualTo(1);
        assertThat(r.notification().get("ios").get("thread-id").textValue()).isEqualTo("default");
        assertThat(r.message().get("msg_content").textValue()).isEqualTo("Hi,JPush");
        assertThat(r.timeToLive()).isEqualTo(60);
        assertThat(r.cid()).isEqualTo("8103a4c628a0b98974ec1949-711261d4-5f17-4d2f-a855-5e5a8909b26e");
    }

    @Test
    void officialCurlExampleBlocksWithoutAlertUseTheTopLevelOne() {
        PushRequest r = parseQ("{'platform':'all','audience':'all','notification':{'alert':'Hi,JPush !',"
                + "'android':{'extras':{'android-key1':'android-value1'}},"
                + "'ios':{'sound':'sound.caf','badge':'+1','extras':{'ios-key1':'ios-value1'}}}}");
        assertThat(r.notification().get("ios").get("badge").textValue()).isEqualTo("+1");
    }

    @Test
    void parsesAnAlreadyReadTree() throws Exception {
        PushRequest r = PushParser.parse(PushJson.MAPPER.readTree(SDK_ALERT_ALL));
        assertThat(r.sendno()).isEqualTo(936931130L);
        fails("[]", HeraldError.INVALID_PARAMETER, "JSON object", "an array");
    }

    @Nested
    class MalformedJson {
        @Test
        void saysWhereAndWhat() {
            fails("{'platform':'all',}", HeraldError.INVALID_PARAMETER,
                    "malformed JSON at line 1, column 19", "Unexpected character ('}'");
        }

        @Test
        void countsLines() {
            fails("{\n'platform':'all',\n'audience':'all'\n'notification':{}}", HeraldError.INVALID_PARAMETER,
                    "malformed JSON at line 4, column");
        }

        @Test
        void truncatedBody() {
            fails("{'platform':", HeraldError.INVALID_PARAMETER, "malformed JSON at line 1", "end-of-input");
        }

        @Test
        void trailingContent() {
            fails(body("") + " {}", HeraldError.INVALID_PARAMETER, "malformed JSON at line 1", "after the end");
        }

        @Test
        void duplicateKey() {
            fails(body(",'audience':{'tag':['a']}"), HeraldError.INVALID_PARAMETER, "malformed JSON",
                    "Duplicate field 'audience'");
        }

        @Test
        void invalidUtf8() {
            byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            assertThatThrownBy(() -> PushParser.parse(bad)).isInstanceOfSatisfying(HeraldException.class, e -> {
                assertThat(e.error()).isEqualTo(HeraldError.INVALID_PARAMETER);
                assertThat(e.getMessage()).startsWith("malformed JSON at line 1").doesNotContain("\n");
            });
        }

        @Test
        void emptyBody() {
            fails("", HeraldError.INVALID_PARAMETER, "empty");
            fails("   ", HeraldError.INVALID_PARAMETER, "JSON object");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "'all'", "42", "null", "true"})
        void notAnObject(String json) {
            fails(json, HeraldError.INVALID_PARAMETER, "must be a JSON object");
        }
    }

    @Nested
    class Required {
        @Test
        void platform() {
            fails("{'audience':'all','notification':{'alert':'hi'}}", HeraldError.MISSING_PARAMETER, "platform");
            fails("{'platform':null,'audience':'all','notification':{'alert':'hi'}}", HeraldError.MISSING_PARAMETER,
                    "platform is required");
        }

        @Test
        void audience() {
            fails("{'platform':'all','notification':{'alert':'hi'}}", HeraldError.MISSING_PARAMETER,
                    "audience is required");
        }

        @Test
        void notificationOrMessage() {
            fails("{'platform':'all','audience':'all'}", HeraldError.MISSING_PARAMETER, "notification", "message");
            fails("{'platform':'all','audience':'all','notification':null,'options':{'sendno':1}}",
                    HeraldError.MISSING_PARAMETER, "notification", "message");
        }

        @Test
        void msgContent() {
            fails("{'platform':'all','audience':'all','message':{'title':'t'}}", HeraldError.MISSING_PARAMETER,
                    "message.msg_content");
        }
    }

    @Nested
    class Platform {
        @Test
        void listOfKnownPlatforms() {
            PushRequest r = parseQ("{'platform':['android','ios','web','java','quickapp','hmos','winphone','ios'],"
                    + "'audience':'all','notification':{'alert':'hi'}}");
            assertThat(r.audience().platforms())
                    .containsExactlyInAnyOrder("android", "ios", "web", "java", "quickapp", "hmos", "winphone");
            assertThat(r.audience().all()).isTrue();
        }

        @Test
        void emptyList() {
            fails("{'platform':[],'audience':'all','notification':{'alert':'hi'}}", HeraldError.INVALID_PARAMETER,
                    "platform");
        }

        @ParameterizedTest
        @ValueSource(strings = {"['blackberry']", "['android','symbian']", "['Android']", "[1]", "'ALL'", "'android'",
                "3", "{}"})
        void unknownOrMistyped(String platform) {
            fails("{'platform':" + platform + ",'audience':'all','notification':{'alert':'hi'}}",
                    HeraldError.INVALID_PARAMETER, "platform");
        }

        @Test
        void unknownPlatformIsNamed() {
            fails("{'platform':['blackberry'],'audience':'all','notification':{'alert':'hi'}}",
                    HeraldError.INVALID_PARAMETER, "blackberry", "android");
        }
    }

    @Nested
    class AudienceObject {
        static String withAudience(String audience) {
            return "{'platform':['android'],'audience':" + audience + ",'notification':{'alert':'hi'}}";
        }

        @Test
        void everyKeyKeptDuplicatesDropped() {
            PushRequest r = parseQ(withAudience("{'registration_id':['1a','2b','1a'],'alias':['bob','张三'],"
                    + "'tag':['a','b','a'],'tag_and':['vip'],'tag_not':['muted']}"));
            Audience a = r.audience();
            assertThat(a.all()).isFalse();
            assertThat(a.registrationIds()).containsExactlyInAnyOrder("1a", "2b");
            assertThat(a.aliases()).containsExactlyInAnyOrder("bob", "张三");
            assertThat(a.tags()).containsExactlyInAnyOrder("a", "b");
            assertThat(a.tagsAnd()).containsExactly("vip");
            assertThat(a.tagsNot()).containsExactly("muted");
            assertThat(a.platforms()).containsExactly("android");
        }

        @Test
        void emptyObject() {
            fails(withAudience("{}"), HeraldError.MISSING_PARAMETER, "audience", "registration_id");
            fails(withAudience("{'tag':null}"), HeraldError.MISSING_PARAMETER, "audience");
        }

        @ParameterizedTest
        @ValueSource(strings = {"segment", "abtest", "live_activity_id", "file"})
        void jpushKeysHeraldCannotResolve(String key) {
            fails(withAudience("{'" + key + "':['x']}"), HeraldError.INVALID_PARAMETER, "audience." + key,
                    "not supported by Herald");
        }

        @Test
        void unknownKey() {
            fails(withAudience("{'tags':['a']}"), HeraldError.UNSUPPORTED_KEY, "audience.tags");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'everyone'", "'ALL'", "3", "['a']", "true"})
        void neitherAllNorObject(String audience) {
            fails(withAudience(audience), HeraldError.INVALID_PARAMETER, "audience");
        }

        @ParameterizedTest
        @ValueSource(strings = {"registration_id", "alias", "tag", "tag_and", "tag_not"})
        void valuesMustBeANonEmptyArrayOfStrings(String key) {
            fails(withAudience("{'" + key + "':'a'}"), HeraldError.INVALID_PARAMETER, "audience." + key, "array");
            fails(withAudience("{'" + key + "':[]}"), HeraldError.INVALID_PARAMETER, "audience." + key, "empty");
            fails(withAudience("{'" + key + "':['a',1]}"), HeraldError.INVALID_PARAMETER, "audience." + key,
                    "a number");
            fails(withAudience("{'" + key + "':['']}"), HeraldError.INVALID_PARAMETER, "audience." + key, "empty");
        }

        @ParameterizedTest
        @ValueSource(strings = {"tag", "tag_and", "tag_not"})
        void twentyTags(String key) {
            parseQ(withAudience("{'" + key + "':[" + quoted(names("t", 20)) + "]}"));
            fails(withAudience("{'" + key + "':[" + quoted(names("t", 21)) + "]}"), HeraldError.INVALID_PARAMETER,
                    "audience." + key, "limit of 20");
        }

        @Test
        void duplicatesDoNotCountTowardsTheLimit() {
            String same = String.join(",", java.util.Collections.nCopies(30, "'t'"));
            assertThat(parseQ(withAudience("{'tag':[" + same + "]}")).audience().tags()).containsExactly("t");
        }

        @ParameterizedTest
        @ValueSource(strings = {"alias", "registration_id"})
        void thousandAliasesOrIds(String key) {
            parseQ(withAudience("{'" + key + "':[" + quoted(names("a", 1000)) + "]}"));
            fails(withAudience("{'" + key + "':[" + quoted(names("a", 1001)) + "]}"), HeraldError.INVALID_PARAMETER,
                    "audience." + key, "limit of 1000");
        }

        @ParameterizedTest
        @ValueSource(strings = {"tag", "tag_and", "tag_not", "alias"})
        void namesFollowTheCharacterRules(String key) {
            fails(withAudience("{'" + key + "':['ok','not ok']}"), HeraldError.INVALID_PARAMETER, "audience." + key,
                    "\"not ok\"");
            fails(withAudience("{'" + key + "':['" + "中".repeat(14) + "']}"), HeraldError.INVALID_PARAMETER,
                    "audience." + key, "42 bytes");
            parseQ(withAudience("{'" + key + "':['" + "中".repeat(13) + "']}"));
        }
    }

    @Nested
    class Notification {
        static String withNotification(String notification) {
            return "{'platform':'all','audience':'all','notification':" + notification + "}";
        }

        @Test
        void mustBeAnObject() {
            fails(withNotification("'hi'"), HeraldError.INVALID_PARAMETER, "notification", "JSON object");
        }

        @Test
        void unknownKey() {
            fails(withNotification("{'alert':'hi','foo':1}"), HeraldError.UNSUPPORTED_KEY, "notification.foo");
            fails(withNotification("{'alert':'hi','iOS':{}}"), HeraldError.UNSUPPORTED_KEY, "notification.iOS");
        }

        @Test
        void topLevelAlertIsAString() {
            fails(withNotification("{'alert':5}"), HeraldError.INVALID_PARAMETER, "notification.alert", "string");
        }

        @Test
        void aiOpportunityIsABoolean() {
            parseQ(withNotification("{'alert':'hi','ai_opportunity':true}"));
            fails(withNotification("{'alert':'hi','ai_opportunity':'yes'}"), HeraldError.INVALID_PARAMETER,
                    "notification.ai_opportunity");
        }

        @Test
        void needsSomethingToShow() {
            fails(withNotification("{}"), HeraldError.MISSING_PARAMETER, "notification.alert");
            fails(withNotification("{'ai_opportunity':false}"), HeraldError.MISSING_PARAMETER, "notification.alert");
            fails(withNotification("{'android':{'title':'t'}}"), HeraldError.MISSING_PARAMETER,
                    "notification.android.alert");
            parseQ(withNotification("{'android':{'alert':''}}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"android", "ios", "web", "java", "quickapp", "hmos", "winphone"})
        void platformBlocksAcceptAnyKeyButCheckTheRenderedOnes(String p) {
            String prefix = "notification." + p;
            parseQ(withNotification("{'" + p + "':{'alert':'a','title':'t','url':'u','extras':{'k':[1]},"
                    + "'sound':'default','badge':'+1','builder_id':2,'whatever_new_key':{}}}"));
            fails(withNotification("{'" + p + "':'hi'}"), HeraldError.INVALID_PARAMETER, prefix, "JSON object");
            fails(withNotification("{'" + p + "':{'alert':'a','extras':'x'}}"), HeraldError.INVALID_PARAMETER,
                    prefix + ".extras");
            fails(withNotification("{'" + p + "':{'alert':'a','extras':[]}}"), HeraldError.INVALID_PARAMETER,
                    prefix + ".extras");
            fails(withNotification("{'" + p + "':{'alert':'a','title':1}}"), HeraldError.INVALID_PARAMETER,
                    prefix + ".title");
            fails(withNotification("{'" + p + "':{'alert':'a','url':{}}}"), HeraldError.INVALID_PARAMETER,
                    prefix + ".url");
            fails(withNotification("{'" + p + "':{'alert':true}}"), HeraldError.INVALID_PARAMETER,
                    prefix + ".alert");
        }

        @Test
        void androidIntent() {
            parseQ(withNotification("{'android':{'alert':'a','intent':{'url':'intent:#Intent;end'}}}"));
            fails(withNotification("{'android':{'alert':'a','intent':'x'}}"), HeraldError.INVALID_PARAMETER,
                    "notification.android.intent");
            fails(withNotification("{'android':{'alert':'a','intent':{'url':3}}}"), HeraldError.INVALID_PARAMETER,
                    "notification.android.intent.url");
        }

        @Test
        void iosAlertMayBeAnApnsDictionary() {
            parseQ(withNotification("{'ios':{'alert':{'title':'T','subtitle':'S','body':'B'}}}"));
            fails(withNotification("{'ios':{'alert':{'body':7}}}"), HeraldError.INVALID_PARAMETER,
                    "notification.ios.alert.body");
            fails(withNotification("{'android':{'alert':{'body':'B'}}}"), HeraldError.INVALID_PARAMETER,
                    "notification.android.alert");
        }

        @Test
        void voipIsAnObjectOfAnything() {
            parseQ(withNotification("{'alert':'hi','voip':{'key':'value','n':1}}"));
            fails(withNotification("{'alert':'hi','voip':'x'}"), HeraldError.INVALID_PARAMETER, "notification.voip");
        }
    }

    @Nested
    class MessageObject {
        static String withMessage(String message) {
            return "{'platform':'all','audience':'all','message':" + message + "}";
        }

        @Test
        void allFields() {
            PushRequest r = parseQ(withMessage("{'msg_content':'c','title':'t','content_type':'text',"
                    + "'extras':{'k':'v'},'test_message':false}"));
            assertThat(r.message().get("extras").get("k").textValue()).isEqualTo("v");
            assertThat(r.notification()).isNull();
        }

        @Test
        void mustBeAnObject() {
            fails(withMessage("['c']"), HeraldError.INVALID_PARAMETER, "message", "JSON object");
        }

        @Test
        void unknownKey() {
            fails(withMessage("{'msg_content':'c','alert':'x'}"), HeraldError.UNSUPPORTED_KEY, "message.alert");
        }

        @Test
        void types() {
            fails(withMessage("{'msg_content':1}"), HeraldError.INVALID_PARAMETER, "message.msg_content");
            fails(withMessage("{'msg_content':'c','title':[]}"), HeraldError.INVALID_PARAMETER, "message.title");
            fails(withMessage("{'msg_content':'c','content_type':2}"), HeraldError.INVALID_PARAMETER,
                    "message.content_type");
            fails(withMessage("{'msg_content':'c','extras':'x'}"), HeraldError.INVALID_PARAMETER, "message.extras");
        }
    }

    @Nested
    class Options {
        static String withOptions(String options) {
            return body(",'options':" + options);
        }

        @Test
        void sendnoIs64Bit() {
            assertThat(parseQ(withOptions("{'sendno':4294967296}")).sendno()).isEqualTo(4294967296L);
            assertThat(parseQ(withOptions("{'sendno':2147483648}")).sendno()).isEqualTo(2147483648L);
            assertThat(parseQ(withOptions("{'sendno':9223372036854775807}")).sendno()).isEqualTo(Long.MAX_VALUE);
            assertThat(parseQ(withOptions("{'sendno':'12345678901'}")).sendno()).isEqualTo(12345678901L);
            assertThat(parseQ(withOptions("{'sendno':18.0}")).sendno()).isEqualTo(18L);
            assertThat(parseQ(body("")).sendno()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"9223372036854775808", "'9223372036854775808'", "1.5", "'12a'", "'1 2'", "''",
                "true", "[1]", "{}"})
        void sendnoMustBeAnInteger(String sendno) {
            fails(withOptions("{'sendno':" + sendno + "}"), HeraldError.INVALID_PARAMETER, "options.sendno",
                    "integer");
        }

        @Test
        void timeToLive() {
            assertThat(parseQ(withOptions("{'time_to_live':0}")).timeToLive()).isZero();
            assertThat(parseQ(withOptions("{'time_to_live':864000}")).timeToLive()).isEqualTo(864000);
            assertThat(parseQ(withOptions("{'time_to_live':'86400'}")).timeToLive()).isEqualTo(86400);
            assertThat(parseQ(withOptions("{'time_to_live':null}")).timeToLive()).isNull();
            fails(withOptions("{'time_to_live':864001}"), HeraldError.INVALID_PARAMETER, "options.time_to_live",
                    "864000");
            fails(withOptions("{'time_to_live':-1}"), HeraldError.INVALID_PARAMETER, "options.time_to_live");
            fails(withOptions("{'time_to_live':'a day'}"), HeraldError.INVALID_PARAMETER, "options.time_to_live");
        }

        @Test
        void overrideMsgId() {
            assertThat(parseQ(withOptions("{'override_msg_id':123}")).overrideMsgId()).isEqualTo(123L);
            assertThat(parseQ(withOptions("{'override_msg_id':'18100000000000001'}")).overrideMsgId())
                    .isEqualTo(18100000000000001L);
            fails(withOptions("{'override_msg_id':0}"), HeraldError.INVALID_PARAMETER, "options.override_msg_id");
            fails(withOptions("{'override_msg_id':-5}"), HeraldError.INVALID_PARAMETER, "options.override_msg_id");
            fails(withOptions("{'override_msg_id':'abc'}"), HeraldError.INVALID_PARAMETER, "options.override_msg_id");
        }

        @Test
        void jpushOptionsHeraldIgnores() {
            PushRequest r = parseQ(withOptions("{'sendno':1,'apns_production':true,'apns_collapse_id':'c',"
                    + "'big_push_duration':10,'classification':1,'third_party_channel':{'vivo':{'classification':0}},"
                    + "'active_filter':false,'business_operation_code':'x','target_event':['e'],'portrait':{}}"));
            assertThat(r.sendno()).isEqualTo(1L);
        }

        @Test
        void unknownOption() {
            fails(withOptions("{'ttl':60}"), HeraldError.UNSUPPORTED_KEY, "options.ttl");
        }

        @Test
        void mustBeAnObject() {
            fails(withOptions("[]"), HeraldError.INVALID_PARAMETER, "options", "JSON object");
        }
    }

    @Nested
    class TopLevel {
        @Test
        void unknownKey() {
            fails(body(",'foo':1"), HeraldError.UNSUPPORTED_KEY, "foo", "unknown key");
            fails(body(",'Platform':'all'"), HeraldError.UNSUPPORTED_KEY, "Platform");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sms_message", "callback", "notification_3rd", "inapp_message", "live_activity",
                "voip"})
        void jpushKeysHeraldIgnores(String key) {
            parseQ(body(",'" + key + "':{'x':1}"));
        }

        @Test
        void targetIsNotSupported() {
            fails(body(",'target':'abc'"), HeraldError.INVALID_PARAMETER, "target", "not supported by Herald");
        }

        @Test
        void cid() {
            assertThat(parseQ(body(",'cid':'abc-123'")).cid()).isEqualTo("abc-123");
            assertThat(parseQ(body(",'cid':'" + "c".repeat(64) + "'")).cid()).hasSize(64);
            assertThat(parseQ(body(",'cid':''")).cid()).isNull();
            fails(body(",'cid':'" + "c".repeat(65) + "'"), HeraldError.INVALID_PARAMETER, "cid", "64");
            fails(body(",'cid':42"), HeraldError.INVALID_PARAMETER, "cid", "string");
        }
    }

    @Nested
    class Size {
        /** {"msg_content":"..."} is 18 bytes around the content. */
        static String message(String content) {
            return "{'platform':'all','audience':'all','message':{'msg_content':'" + content + "'}}";
        }

        @Test
        void fourThousandBytesOfContent() {
            parseQ(message("x".repeat(4000 - 18)));
            fails(message("x".repeat(4001 - 18)), HeraldError.BODY_TOO_LARGE, "notification + message", "4001",
                    "4000");
        }

        @Test
        void countsUtf8BytesNotCharacters() {
            fails(message("中".repeat(1328)), HeraldError.BODY_TOO_LARGE, "4002");
        }

        @Test
        void notificationAndMessageAddUp() {
            String half = "x".repeat(2100);
            fails("{'platform':'all','audience':'all','notification':{'alert':'" + half + "'},"
                    + "'message':{'msg_content':'" + half + "'}}", HeraldError.BODY_TOO_LARGE,
                    "notification + message");
        }

        @Test
        void iosBlockTwoThousandBytes() {
            // {"alert":"..."} is 12 bytes around the alert
            parseQ("{'platform':'all','audience':'all','notification':{'ios':{'alert':'" + "x".repeat(1988) + "'}}}");
            fails("{'platform':'all','audience':'all','notification':{'ios':{'alert':'" + "x".repeat(1989) + "'}}}",
                    HeraldError.BODY_TOO_LARGE, "notification.ios", "2001", "2000");
            parseQ("{'platform':'all','audience':'all','notification':{'android':{'alert':'"
                    + "x".repeat(3000) + "'}}}");
        }

        @Test
        void optionsDoNotCount() {
            PushRequest r = parseQ("{'platform':'all','audience':'all','message':{'msg_content':'"
                    + "x".repeat(3900) + "'},'options':{'apns_collapse_id':'" + "y".repeat(500) + "'}}");
            assertThat(r.message()).isInstanceOf(ObjectNode.class);
        }
    }
}
