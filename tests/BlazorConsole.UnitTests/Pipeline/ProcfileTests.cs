using BlazorConsole.Pipeline.Buildpacks;

namespace BlazorConsole.UnitTests.Pipeline;

public class ProcfileTests
{
    [Fact]
    public void The_web_line_is_the_start_command_with_comments_blank_lines_and_spacing_ignored()
    {
        var procfile = Procfile.Parse("\uFEFF# processes\r\n\r\nworker: node worker.js\r\nweb:   gunicorn app:app --bind 0.0.0.0:$PORT  \r\n");

        Assert.Equal("gunicorn app:app --bind 0.0.0.0:$PORT", procfile.Web);
        Assert.Equal("node worker.js", procfile.Processes["worker"]);
    }

    [Fact]
    public void A_later_web_line_wins_and_malformed_lines_are_skipped()
    {
        var procfile = Procfile.Parse("web: first\nnot a process line\n: no name\nweb:\nweb: second\nbad name: x\n");

        Assert.Equal("second", procfile.Web);
        Assert.Equal(["web"], procfile.Processes.Keys);
    }

    [Fact]
    public void Without_a_web_line_there_is_no_start_command()
    {
        Assert.Null(Procfile.Parse("worker: run.sh").Web);
        Assert.Null(Procfile.Parse("").Web);
    }
}
