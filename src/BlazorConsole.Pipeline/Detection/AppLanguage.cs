namespace BlazorConsole.Pipeline.Detection;

/// <summary>Rainbond's source languages, in detection precedence order (first match wins).</summary>
public enum AppLanguage
{
    Dockerfile,
    JavaMaven,
    Gradle,
    DotNet,
    Go,
    Python,
    Php,
    NodeJs,
    JavaWar,
    JavaJar,
    Static,
}

public static class AppLanguageNames
{
    /// <summary>The name people know it by: Dockerfile, Java-maven, Gradle, .NET, Go, Python, PHP, Node.js, Java-war, Java-jar, Static.</summary>
    public static string DisplayName(this AppLanguage language) => language switch
    {
        AppLanguage.Dockerfile => "Dockerfile",
        AppLanguage.JavaMaven => "Java-maven",
        AppLanguage.Gradle => "Gradle",
        AppLanguage.DotNet => ".NET",
        AppLanguage.Go => "Go",
        AppLanguage.Python => "Python",
        AppLanguage.Php => "PHP",
        AppLanguage.NodeJs => "Node.js",
        AppLanguage.JavaWar => "Java-war",
        AppLanguage.JavaJar => "Java-jar",
        AppLanguage.Static => "Static",
        _ => language.ToString(),
    };
}
