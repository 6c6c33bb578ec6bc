using BlazorConsole.Web.Features.Builds.Logs;

namespace BlazorConsole.UnitTests.Web.Builds;

public class AnsiTextTests
{
    [Fact]
    public void Colour_codes_become_styled_spans_and_reset_ends_them()
    {
        var spans = AnsiText.Parse("\u001b[1m\u001b[31mnpm ERR!\u001b[0m code 2");

        Assert.Equal([new AnsiSpan("npm ERR!", "#cd3131", true), new AnsiSpan(" code 2", null, false)], spans);
    }

    [Fact]
    public void Bright_colours_combined_codes_and_other_escapes()
    {
        var spans = AnsiText.Parse("a\u001b[92;1mok\u001b[39m\u001b[2Kb");

        Assert.Equal([new AnsiSpan("a", null, false), new AnsiSpan("ok", "#23d18b", true), new AnsiSpan("b", null, true)], spans);
    }

    [Fact]
    public void Plain_text_is_one_plain_span()
    {
        Assert.False(AnsiText.HasEscapes("plain <b>text</b>"));
        Assert.Equal([new AnsiSpan("plain <b>text</b>", null, false)], AnsiText.Parse("plain <b>text</b>"));
    }
}
