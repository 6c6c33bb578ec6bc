namespace BlazorConsole.Domain.Auditing;

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInLockedOut = "sign-in-locked-out";
    public const string SignOut = "sign-out";
    public const string SetupCompleted = "setup-completed";
    public const string BootstrapAdminCreated = "bootstrap-admin-created";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string TeamCreated = "team-created";
    public const string TeamMemberAdded = "team-member-added";
    public const string TeamMemberRoleChanged = "team-member-role-changed";
    public const string TeamMemberRemoved = "team-member-removed";
    public const string UserCreated = "user-created";
    public const string ComponentCreated = "component-created";
    public const string BuildSourceChanged = "build-source-changed";
    public const string DeliveryRedelivered = "delivery-redelivered";
}
