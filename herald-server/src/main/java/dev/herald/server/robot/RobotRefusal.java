package dev.herald.server.robot;

/**
 * Why the webhook refused a post, as DingTalk says it: an {@code errcode} and its {@code errmsg}. This is the
 * DingTalk edge of Herald's errors; the codes and messages are the ones DingTalk answers (docs/robots.md lists them).
 */
public final class RobotRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int TOKEN_NOT_EXIST = 300001;
    public static final int SECURITY = 310000;
    public static final int TOO_FAST = 130101;
    public static final int MISSING_OR_INVALID_PARAMETER = 40035;
    public static final int UNSUPPORTED_MSGTYPE = 400105;
    public static final int SYSTEM_BUSY = -1;

    private final int errcode;

    public RobotRefusal(int errcode, String errmsg) {
        super(errmsg, null, false, false);
        this.errcode = errcode;
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return getMessage();
    }

    static RobotRefusal tokenNotExist() {
        return new RobotRefusal(TOKEN_NOT_EXIST, "token is not exist");
    }

    static RobotRefusal keywordsNotInContent() {
        return new RobotRefusal(SECURITY, "keywords not in content");
    }

    static RobotRefusal signNotMatch() {
        return new RobotRefusal(SECURITY, "sign not match");
    }

    static RobotRefusal invalidTimestamp() {
        return new RobotRefusal(SECURITY, "invalid timestamp");
    }

    static RobotRefusal ipNotAllowed(String ip) {
        return new RobotRefusal(SECURITY, "ip " + ip + " not in whitelist");
    }

    static RobotRefusal tooFast() {
        return new RobotRefusal(TOO_FAST, "send too fast, exceed 20 times per minute");
    }

    static RobotRefusal missing(String field) {
        return new RobotRefusal(MISSING_OR_INVALID_PARAMETER, "missing parameter " + field);
    }

    static RobotRefusal invalid(String field, String why) {
        return new RobotRefusal(MISSING_OR_INVALID_PARAMETER, "invalid parameter " + field + ": " + why);
    }

    static RobotRefusal unsupportedMsgtype(String msgtype) {
        return new RobotRefusal(UNSUPPORTED_MSGTYPE, "unsupported msgtype " + msgtype
                + "; one of text, link, markdown, actionCard, feedCard");
    }
}
