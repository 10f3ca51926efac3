using System.Text;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Http;

public sealed class CredentialCheckerTests
{
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Without_configured_credentials_everything_passes()
    {
        var checker = new CredentialChecker([], []);
        Assert.False(checker.Required);
        Assert.Null(checker.Refusal(null, "/"));
    }

    [Theory]
    [InlineData("ApiKey " + "aWQ6c2VjcmV0", true)]   // base64("id:secret")
    [InlineData("ApiKey " + "b3RoZXI6c2VjcmV0", true)] // base64("other:secret"): a bare configured key goes with any id
    [InlineData("ApiKey secret", true)]
    [InlineData("apikey secret", true)]
    [InlineData("ApiKey secre", false)]
    [InlineData("ApiKey " + "aWQ6c2VjcmV0eA==", false)] // base64("id:secretx")
    [InlineData("ApiKey", false)]
    [InlineData("Basic c2VjcmV0", false)]
    public void A_bare_configured_key_is_accepted_raw_or_encoded_with_any_id(string header, bool accepted)
    {
        var checker = new CredentialChecker(["secret"], []);
        Assert.Equal(accepted, checker.Refusal(header, "/_bulk") is null);
    }

    [Fact]
    public void An_id_key_pair_is_accepted_encoded_raw_or_as_its_bare_key_but_not_with_another_id()
    {
        var checker = new CredentialChecker(["id1:k1"], []);
        Assert.Null(checker.Refusal("ApiKey " + Base64("id1:k1"), "/"));
        Assert.Null(checker.Refusal("ApiKey id1:k1", "/"));
        Assert.Null(checker.Refusal("ApiKey k1", "/"));
        Assert.NotNull(checker.Refusal("ApiKey " + Base64("id2:k1x"), "/"));
    }

    [Fact]
    public void Basic_users_match_user_and_password_exactly()
    {
        var checker = new CredentialChecker([], ["u:p:w"]);
        Assert.Null(checker.Refusal("Basic " + Base64("u:p:w"), "/"));
        Assert.Equal("unable to authenticate user [u] for REST request [/x]", checker.Refusal("Basic " + Base64("u:p"), "/x"));
        Assert.Equal("missing authentication credentials for REST request [/x]", checker.Refusal(null, "/x"));
    }
}
