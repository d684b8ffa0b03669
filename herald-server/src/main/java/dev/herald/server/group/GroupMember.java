package dev.herald.server.group;

import java.util.Objects;

/**
 * One member of a group: a device by its registration id, or every device that holds an alias. The member's
 * {@code mobile} and {@code userId} are what {@code @}mentions refer to ({@code atMobiles}, {@code atUserIds}); they
 * belong to the membership, not to the device, so one person can be mentioned by the ids the posting system knows.
 *
 * @param mobile may be {@code null}
 * @param userId may be {@code null}
 */
public record GroupMember(Kind kind, String name, String mobile, String userId) {
    /** How a member names its devices; {@link #column} is the form kept in the store. */
    public enum Kind {
        REGISTRATION_ID("registration_id", "registrationId"),
        ALIAS("alias", "alias");

        private final String column;
        private final String field;

        Kind(String column, String field) {
            this.column = column;
            this.field = field;
        }

        /** The value stored for this kind. */
        public String column() {
            return column;
        }

        /** The JSON field of the native API that carries the name. */
        public String field() {
            return field;
        }

        public static Kind ofColumn(String column) {
            for (Kind k : values()) {
                if (k.column.equals(column)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown member kind " + column);
        }
    }

    public GroupMember {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static GroupMember registrationId(String registrationId) {
        return new GroupMember(Kind.REGISTRATION_ID, registrationId, null, null);
    }

    public static GroupMember alias(String alias, String mobile, String userId) {
        return new GroupMember(Kind.ALIAS, alias, mobile, userId);
    }

    /** Whether this member is the same membership as another (same kind and name), whatever their mobile and user id. */
    public boolean sameAs(GroupMember other) {
        return kind == other.kind && name.equals(other.name);
    }
}
