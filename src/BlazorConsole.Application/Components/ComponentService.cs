using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Git.Outbound;
using BlazorConsole.Pipeline.Checkout;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Components;

/// <summary>Components and their build-source settings. Callers authorize; this class enforces the data rules.</summary>
internal sealed class ComponentService(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    SecretProtector secrets,
    WebhookComponentCache webhookCache,
    ProviderHookManager hooks,
    DeployKeys deployKeys,
    TimeProvider time,
    OutboundGuard outbound,
    AuditTrail audit)
{
    public async Task<(ChangeResult Result, ComponentView? Component)> CreateAsync(
        string teamSlug, CreateComponentRequest request, string baseUrl, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name?.Trim() ?? "";
        var applicationName = string.IsNullOrWhiteSpace(request.Application) ? name : request.Application.Trim();
        var problem = ComponentName.Validate(name) ?? ComponentName.Validate(applicationName, "application") ?? GitUrl.Validate(request.GitUrl, outbound)
            ?? BuildSource.ValidateRefs(request.Branch, request.RefPattern) ?? BuildSource.ValidateKeyword(request.TriggerKeyword);
        if (problem is not null)
        {
            return (ChangeResult.Fail(problem), null);
        }

        if (BuildSource.ValidateEnvironment(request.Environment) is { } badEnvironment)
        {
            return (ChangeResult.Fail(badEnvironment), null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Slug == teamSlug, cancellationToken);
        if (team is null)
        {
            return (ChangeResult.Missing($"There is no team '{teamSlug}'."), null);
        }

        if (await db.Components.AnyAsync(c => c.TeamId == team.Id && c.Name == name, cancellationToken))
        {
            return (ChangeResult.Fail($"Team '{teamSlug}' already has a component named '{name}'."), null);
        }

        var now = time.GetUtcNow();
        var application = await db.Applications.FirstOrDefaultAsync(a => a.TeamId == team.Id && a.Name == applicationName, cancellationToken);
        if (application is null)
        {
            application = new BlazorConsole.Domain.Components.Application { TeamId = team.Id, Name = applicationName, CreatedAt = now };
            db.Applications.Add(application);
        }

        var environment = request.Environment ?? ComponentEnvironment.Development;
        var webhookSecret = ComponentSecrets.NewWebhookSecret();
        var apiKey = ComponentSecrets.NewApiTriggerKey();
        var branch = NullIfBlank(request.Branch);
        var refPattern = NullIfBlank(request.RefPattern);
        var component = new Component
        {
            TeamId = team.Id,
            ApplicationId = application.Id,
            Name = name,
            CreatedAt = now,
            CreatedByUserId = actorUserId,
            GitUrl = request.GitUrl.Trim(),
            OAuthServiceId = request.OAuthServiceId,
            RepoFullName = NullIfBlank(request.RepoFullName),
            GitUsername = NullIfBlank(request.GitUsername),
            GitPasswordProtected = string.IsNullOrEmpty(request.GitPassword) ? null : secrets.Protect(request.GitPassword),
            Branch = branch ?? (refPattern is null ? "main" : null),
            RefPattern = refPattern,
            Environment = environment,
            RequireApproval = request.RequireApproval ?? BuildSource.ProposedApproval(environment),
            AutoBuild = request.AutoBuild,
            WebhookEnabled = request.WebhookEnabled ?? true,
            TriggerKeyword = request.TriggerKeyword?.Trim() ?? Component.DefaultTriggerKeyword,
            KeywordInAnyCommit = request.KeywordInAnyCommit ?? false,
            AllowUnsigned = request.AllowUnsigned ?? false,
            WebhookSecretProtected = secrets.Protect(webhookSecret),
            ApiTriggerKeyHash = ComponentSecrets.HashKey(apiKey),
        };
        if (DeployKeys.Applies(component.GitUrl))
        {
            // An SSH repository is only reachable with a key: made now, so its public half can be added right away.
            var keyProblem = string.IsNullOrWhiteSpace(request.DeployPrivateKey)
                ? await deployKeys.AssignNewAsync(component, cancellationToken)
                : await deployKeys.AssignPastedAsync(component, request.DeployPrivateKey, cancellationToken);
            if (keyProblem is not null)
            {
                return (ChangeResult.Fail(keyProblem), null);
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.DeployPrivateKey))
        {
            return (ChangeResult.Fail("A deploy key is only used for SSH repositories (ssh:// or git@host:owner/repo.git)."), null);
        }

        db.Components.Add(component);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (ChangeResult.Fail($"Team '{teamSlug}' already has a component named '{name}'."), null);
        }

        await audit.RecordAsync(AuditActions.ComponentCreated, actorUserId, actorName, target: $"{teamSlug}/{name}", detail: component.GitUrl, cancellationToken: cancellationToken);

        // The component exists whatever the provider says; a failed hook registration turns Auto Build off and says why.
        var autoBuildProblem = component.AutoBuild ? await SyncHookAsync(db, component, webhookSecret, baseUrl, actorUserId, cancellationToken) : null;
        return (ChangeResult.Ok, ToView(component, team.Slug, application.Name, baseUrl) with { WebhookSecret = webhookSecret, ApiTriggerKey = apiKey, AutoBuildProblem = autoBuildProblem });
    }

    public async Task<ComponentView?> FindAsync(Guid id, string baseUrl, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from c in db.Components.AsNoTracking()
                         join t in db.Teams on c.TeamId equals t.Id
                         join a in db.Applications on c.ApplicationId equals a.Id
                         where c.Id == id
                         select new { Component = c, Team = t.Slug, Application = a.Name }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToView(row.Component, row.Team, row.Application, baseUrl);
    }

    /// <summary>The team's applications, for picking an existing one (a new name creates one).</summary>
    public async Task<IReadOnlyList<string>> ApplicationNamesAsync(string teamSlug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from a in db.Applications.AsNoTracking()
                      join t in db.Teams on a.TeamId equals t.Id
                      where t.Slug == teamSlug
                      orderby a.Name
                      select a.Name).ToListAsync(cancellationToken);
    }

    /// <summary>API page size when the caller names none, and the most it may ask for.</summary>
    public const int DefaultPerPage = 100;

    public const int MaxPerPage = 500;

    /// <summary>Every component of the team, by application then name (the team page); null when there is no such team.</summary>
    public async Task<IReadOnlyList<ComponentSummary>?> ListAsync(string teamSlug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == teamSlug, cancellationToken);
        return team is null ? null : await Summaries(db, team.Id).ToListAsync(cancellationToken);
    }

    /// <summary>One 1-based page of the team's components in the same order, with how many there are in all; null when there is no such team.</summary>
    public async Task<ComponentPage?> ListPageAsync(string teamSlug, int page, int perPage, CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 1);
        perPage = Math.Clamp(perPage, 1, MaxPerPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == teamSlug, cancellationToken);
        if (team is null)
        {
            return null;
        }

        var total = await db.Components.CountAsync(c => c.TeamId == team.Id, cancellationToken);
        var items = (long)(page - 1) * perPage >= total
            ? []
            : await Summaries(db, team.Id).Skip((page - 1) * perPage).Take(perPage).ToListAsync(cancellationToken);
        return new ComponentPage(items, total, page, perPage);
    }

    /// <summary>By application, then name: unique within a team, so pages never overlap or skip.</summary>
    private static IQueryable<ComponentSummary> Summaries(ConsoleDbContext db, Guid teamId) =>
        from c in db.Components.AsNoTracking()
        join a in db.Applications on c.ApplicationId equals a.Id
        where c.TeamId == teamId
        orderby a.Name, c.Name
        select new ComponentSummary(c.Id, c.Name, a.Name, c.GitUrl, c.Branch, c.RefPattern, c.Environment, c.WebhookEnabled, c.CreatedAt);

    public async Task<(ChangeResult Result, ComponentView? Component)> UpdateBuildSourceAsync(
        Guid id, UpdateBuildSourceRequest request, string baseUrl, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var component = await db.Components.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (component is null)
        {
            return (ChangeResult.Missing("There is no such component."), null);
        }

        var branch = request.Branch is null ? component.Branch : NullIfBlank(request.Branch);
        var refPattern = request.RefPattern is null ? component.RefPattern : NullIfBlank(request.RefPattern);
        var problem = BuildSource.ValidateRefs(branch, refPattern) ?? (request.TriggerKeyword is null ? null : BuildSource.ValidateKeyword(request.TriggerKeyword));
        if (problem is null && branch is null && refPattern is null)
        {
            problem = "Give a branch or a ref pattern: without either, no push could build.";
        }

        problem ??= BuildSource.ValidateEnvironment(request.Environment);

        if (problem is null && (request.RegenerateDeployKey == true || request.DeployPrivateKey is not null || request.ForgetHostKey == true)
            && !DeployKeys.Applies(component.GitUrl))
        {
            problem = "Deploy keys and host keys are only used for SSH repositories (ssh:// or git@host:owner/repo.git).";
        }

        if (problem is not null)
        {
            return (ChangeResult.Fail(problem), null);
        }

        var changes = new List<string>();
        if (request.AutoBuild is { } autoBuild && autoBuild != component.AutoBuild)
        {
            component.AutoBuild = autoBuild;
            changes.Add($"autoBuild={autoBuild}");
        }

        if (request.WebhookEnabled is { } enabled && enabled != component.WebhookEnabled)
        {
            component.WebhookEnabled = enabled;
            changes.Add($"webhookEnabled={enabled}");
        }

        if (request.AllowUnsigned is { } unsigned && unsigned != component.AllowUnsigned)
        {
            component.AllowUnsigned = unsigned;
            changes.Add($"allowUnsigned={unsigned}");
        }

        if (request.KeywordInAnyCommit is { } anyCommit && anyCommit != component.KeywordInAnyCommit)
        {
            component.KeywordInAnyCommit = anyCommit;
            changes.Add($"keywordInAnyCommit={anyCommit}");
        }

        if (request.Environment is { } environment && environment != component.Environment)
        {
            component.Environment = environment;
            changes.Add($"environment={environment}");
        }

        if (request.RequireApproval is { } approval && approval != component.RequireApproval)
        {
            component.RequireApproval = approval;
            changes.Add($"requireApproval={approval}");
        }

        if (request.TriggerKeyword?.Trim() is { } keyword && keyword != component.TriggerKeyword)
        {
            component.TriggerKeyword = keyword;
            changes.Add($"triggerKeyword={keyword}");
        }

        if (branch != component.Branch)
        {
            component.Branch = branch;
            changes.Add($"branch={branch}");
        }

        if (refPattern != component.RefPattern)
        {
            component.RefPattern = refPattern;
            changes.Add($"refPattern={refPattern}");
        }

        if (request.GitUsername is not null)
        {
            component.GitUsername = NullIfBlank(request.GitUsername);
            changes.Add("gitUsername");
        }

        if (request.GitPassword is not null)
        {
            component.GitPasswordProtected = request.GitPassword.Length == 0 ? null : secrets.Protect(request.GitPassword);
            changes.Add("gitPassword");
        }

        string? newSecret = null;
        string? newKey = null;
        if (request.RotateWebhookSecret == true)
        {
            newSecret = ComponentSecrets.NewWebhookSecret();
            component.WebhookSecretProtected = secrets.Protect(newSecret);
            changes.Add("webhook secret rotated");
        }

        if (request.RotateApiTriggerKey == true)
        {
            newKey = ComponentSecrets.NewApiTriggerKey();
            component.ApiTriggerKeyHash = ComponentSecrets.HashKey(newKey);
            changes.Add("API trigger key rotated");
        }

        if (request.DeployPrivateKey is not null)
        {
            if (await deployKeys.AssignPastedAsync(component, request.DeployPrivateKey, cancellationToken) is { } keyProblem)
            {
                return (ChangeResult.Fail(keyProblem), null);
            }

            changes.Add($"deploy key replaced by a pasted one ({SshKeys.Fingerprint(component.DeployKeyPublic)})");
        }
        else if (request.RegenerateDeployKey == true)
        {
            if (await deployKeys.AssignNewAsync(component, cancellationToken) is { } keyProblem)
            {
                return (ChangeResult.Fail(keyProblem), null);
            }

            changes.Add($"deploy key regenerated ({SshKeys.Fingerprint(component.DeployKeyPublic)})");
        }

        if (request.ForgetHostKey == true && await deployKeys.ForgetHostKeysAsync(component.GitUrl, cancellationToken))
        {
            changes.Add("pinned SSH host key forgotten");
        }

        string? autoBuildProblem = null;
        if (request.AutoBuild is { } wanted && wanted != (component.ProviderHookId is not null) || (component.AutoBuild && request.RotateWebhookSecret == true && component.ProviderHookId is not null))
        {
            var secret = newSecret ?? (secrets.TryUnprotect(component.WebhookSecretProtected, out var plain) ? plain : null);
            autoBuildProblem = await SyncHookAsync(db, component, secret, baseUrl, actorUserId, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        webhookCache.Invalidate(id);
        if (changes.Count > 0)
        {
            await audit.RecordAsync(AuditActions.BuildSourceChanged, actorUserId, actorName, target: $"{component.Name} ({component.Id})", detail: string.Join(", ", changes), cancellationToken: cancellationToken);
        }

        var view = await FindAsync(id, baseUrl, cancellationToken);
        return (ChangeResult.Ok, view! with { WebhookSecret = newSecret, ApiTriggerKey = newKey, AutoBuildProblem = autoBuildProblem });
    }

    /// <summary>
    /// Makes the repository's webhook match Auto Build: registered (fresh secret, the console's public hook URL) when on,
    /// removed when off; re-registered when the secret rotates. Saves the component. Returns the problem, if any.
    /// </summary>
    private async Task<string?> SyncHookAsync(ConsoleDbContext db, Component component, string? secret, string baseUrl, string actorUserId, CancellationToken cancellationToken)
    {
        string? problem = null;
        if (component.ProviderHookId is { } existing && component.OAuthServiceId is { } oldService && component.RepoFullName is { } oldRepo)
        {
            var removed = await hooks.RemoveAsync(actorUserId, oldService, oldRepo, existing, cancellationToken);
            problem = removed.Error;
            component.ProviderHookId = null;
        }

        if (component.AutoBuild)
        {
            if (component.OAuthServiceId is not { } serviceId || component.RepoFullName is not { } repository)
            {
                problem = "Auto Build needs a repository picked from a bound Git provider; for a plain Git URL set the hook up by hand with the URL and secret below.";
                component.AutoBuild = false;
            }
            else if (secret is null)
            {
                problem = "The webhook secret cannot be decrypted (the key ring changed): rotate it, then turn Auto Build on again.";
                component.AutoBuild = false;
            }
            else
            {
                var (registered, hookId) = await hooks.RegisterAsync(actorUserId, serviceId, repository, WebhookUrl(baseUrl, component.Id), secret, cancellationToken);
                component.ProviderHookId = hookId;
                if (!registered.Succeeded)
                {
                    problem = registered.Error;
                    component.AutoBuild = false;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return problem;
    }

    private static ComponentView ToView(Component c, string team, string application, string baseUrl) => new(
        c.Id, c.Name, application, team, c.GitUrl, c.OAuthServiceId, c.RepoFullName, c.GitUsername, c.GitPasswordProtected is not null,
        c.Branch, c.RefPattern, c.Environment, c.RequireApproval, c.AutoBuild, c.WebhookEnabled, c.TriggerKeyword, c.KeywordInAnyCommit,
        c.AllowUnsigned, WebhookUrl(baseUrl, c.Id), ApiTriggerUrl(baseUrl, c.Id), TriggerSettings.Of(c).Describe(), c.CreatedAt)
    {
        ProviderHookId = c.ProviderHookId,
        DeployPublicKey = c.DeployKeyPublic,
        DeployKeyFingerprint = SshKeys.Fingerprint(c.DeployKeyPublic),
        DeployKeyCreatedAt = c.DeployKeyCreatedAt,
        Runtime = c.Runtime,
    };

    public static string WebhookUrl(string baseUrl, Guid id) => $"{baseUrl.TrimEnd('/')}/console/webhooks/{id}";

    public static string ApiTriggerUrl(string baseUrl, Guid id) => $"{baseUrl.TrimEnd('/')}/console/custom/deploy/{id}";

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
