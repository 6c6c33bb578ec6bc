using System.Text;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.TestSupport;

namespace BlazorConsole.UnitTests.Git.Webhooks;

/// <summary>The recorded signing vectors, valid and invalid, for every provider scheme.</summary>
public class SignatureVectorTests
{
    public static IEnumerable<object[]> GitHubVectors =>
        ProviderFixtures.Json("github-signature-vector.json").GetProperty("vectors").EnumerateArray()
            .Where(v => v.GetProperty("expected_header").TryGetProperty("X-Hub-Signature-256", out _))
            // A vector whose body was not recorded (jenkins-ping) cannot be checked byte-exact.
            .Where(v => !v.TryGetProperty("payload_file", out var file) || File.Exists(ProviderFixtures.PathOf("go-scm/" + file.GetString())))
            .Select(v => new object[] { v.GetProperty("id").GetString()! });

    [Theory]
    [MemberData(nameof(GitHubVectors))]
    public void GitHub_sha256_vectors(string id)
    {
        var vector = ProviderFixtures.Json("github-signature-vector.json").GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        var body = vector.TryGetProperty("payload_file", out var file)
            ? ProviderFixtures.Bytes("go-scm/" + file.GetString())
            : Encoding.UTF8.GetBytes(vector.GetProperty("payload").GetString()!);
        var check = WebhookSignatures.GitHub(body, vector.GetProperty("secret").GetString()!, vector.GetProperty("expected_header").GetProperty("X-Hub-Signature-256").GetString());

        Assert.Equal(vector.GetProperty("expect_valid").GetBoolean() ? SignatureCheck.Valid : SignatureCheck.Mismatch, check);
    }

    public static IEnumerable<object[]> GiteeVectors =>
        ProviderFixtures.Json("gitee-signature-vector.json").GetProperty("vectors").EnumerateArray()
            .Where(v => v.TryGetProperty("timestamp", out _))
            .Select(v => new object[] { v.GetProperty("id").GetString()! });

    [Theory]
    [MemberData(nameof(GiteeVectors))]
    public void Gitee_signing_key_vectors_plain_and_url_encoded(string id)
    {
        var vector = ProviderFixtures.Json("gitee-signature-vector.json").GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        var secret = vector.GetProperty("secret").GetString()!;
        var timestamp = vector.GetProperty("timestamp").GetString()!;
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        var expectValid = vector.GetProperty("expect_valid").GetBoolean();

        var presented = new List<string>();
        foreach (var name in new[] { "expected_sign_base64", "expected_sign_url_encoded", "presented_token" })
        {
            if (vector.TryGetProperty(name, out var token))
            {
                presented.Add(token.GetString()!);
            }
        }

        Assert.NotEmpty(presented);
        foreach (var token in presented)
        {
            var check = WebhookSignatures.Gitee(secret, token, timestamp, sentAt.AddMinutes(5), TimeSpan.FromHours(1));
            Assert.Equal(expectValid ? SignatureCheck.Valid : SignatureCheck.Mismatch, check);
        }
    }

    [Fact]
    public void Gitee_genuine_signature_outside_the_window_is_stale_not_valid()
    {
        const string secret = "bBg5lrt03VixkX85CNqYIcecC0SIGASE";
        const string timestamp = "1633679083918";
        var token = WebhookSignatures.GiteeSign(secret, timestamp);
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(1633679083918);

        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.Gitee(secret, token, timestamp, sentAt.AddMinutes(59), TimeSpan.FromHours(1)));
        Assert.Equal(SignatureCheck.Stale, WebhookSignatures.Gitee(secret, token, timestamp, sentAt.AddHours(2), TimeSpan.FromHours(1)));
        Assert.Equal(SignatureCheck.Stale, WebhookSignatures.Gitee(secret, token, timestamp, sentAt.AddHours(-2), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Gitee_password_mode_compares_the_secret_itself()
    {
        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.Gitee("hunter2-password", "hunter2-password", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.Gitee("hunter2-password", "hunter3-password", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        Assert.Equal(SignatureCheck.Missing, WebhookSignatures.Gitee("hunter2-password", null, null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
    }

    public static IEnumerable<object[]> GiteaGogsVectors =>
        ProviderFixtures.Json("gitea-gogs-signature-vector.json").GetProperty("vectors").EnumerateArray()
            .Select(v => new object[] { v.GetProperty("id").GetString()! });

    /// <summary>
    /// The Gitea/Gogs vectors name payload files that are not part of the recording; their hex signatures still
    /// must be refused for any other body (the "valid" ones are checked over the recorded push files instead).
    /// </summary>
    [Theory]
    [MemberData(nameof(GiteaGogsVectors))]
    public void Gitea_and_Gogs_vector_signatures_do_not_verify_a_different_body(string id)
    {
        var vector = ProviderFixtures.Json("gitea-gogs-signature-vector.json").GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);
        var header = vector.GetProperty("expected_header").EnumerateObject().Single();
        var body = ProviderFixtures.Bytes("go-scm/gitea/push.json");

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.HexHmac(body, vector.GetProperty("secret").GetString()!, header.Value.GetString()));
    }

    [Theory]
    [InlineData("gitea", "X-Gitea-Signature")]
    [InlineData("gogs", "X-Gogs-Signature")]
    public void Gitea_and_Gogs_recorded_push_signatures_verify_and_tampering_breaks_them(string provider, string header)
    {
        var (request, meta) = RecordedDeliveryTests.Load(provider, "push");
        var signature = meta.GetProperty("headers").GetProperty(header).GetString();
        var secret = meta.GetProperty("signature").GetProperty("secret").GetString()!;
        var tampered = request.Body.ToArray();
        tampered[^2] ^= 0x01;

        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.HexHmac(request.Body.Span, secret, signature));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.HexHmac(tampered, secret, signature));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.HexHmac(request.Body.Span, secret, "zz" + signature![2..]));
        Assert.Equal(SignatureCheck.Missing, WebhookSignatures.HexHmac(request.Body.Span, secret, ""));
    }

    [Fact]
    public void GitHub_rejects_missing_prefixless_and_sha1_only_signatures()
    {
        var (request, _) = RecordedDeliveryTests.Load("github", "push");
        const string hex = "e3bfe744d4e2e29ed990bde8acfb8255ca51ef65f99657767989fb6349f32957";

        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.GitHub(request.Body.Span, "topsecret", "sha256=" + hex));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.GitHub(request.Body.Span, "topsecret", hex));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.GitHub(request.Body.Span, "topsecret", "sha1=cf93f9ba3c8d3a789e61f91e1e5c6a360d036e98"));
        Assert.Equal(SignatureCheck.Missing, WebhookSignatures.GitHub(request.Body.Span, "topsecret", null));
    }

    [Fact]
    public void GitLab_token_must_equal_the_secret()
    {
        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.PlainToken("topsecret", "topsecret"));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.PlainToken("topsecret", "topsecreT"));
        Assert.Equal(SignatureCheck.Mismatch, WebhookSignatures.PlainToken("topsecret", "topsecret "));
        Assert.Equal(SignatureCheck.Missing, WebhookSignatures.PlainToken("topsecret", null));
    }

    [Fact]
    public void Gitea_headers_win_over_the_Gogs_and_GitHub_headers_it_also_sends()
    {
        var (request, _) = RecordedDeliveryTests.Load("gitea", "push");
        Assert.Equal(GitProviderKind.Gitea, WebhookInspector.Identify(request)!.Provider.Kind);

        var (gogs, _) = RecordedDeliveryTests.Load("gogs", "push");
        Assert.Equal(GitProviderKind.Gogs, WebhookInspector.Identify(gogs)!.Provider.Kind);
    }
}
