package example;

import dev.loginkit.Client;
import dev.loginkit.CookieOptions;
import dev.loginkit.SessionUser;
import dev.loginkit.TransactionKeys;
import dev.loginkit.WebLogin;
import dev.loginkit.servlet.LoginKitFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** The seed's login in a Jakarta Servlet app: `./run.sh`. Configuration from the environment (see README.md). */
public final class Main {
    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** GET /: the links, and the signed-in user's email. */
    static final class Home extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            SessionUser user = LoginKitFilter.currentUser(request);
            String who = user == null ? "<p>Not signed in</p>"
                    : "<p>Signed in as <b id=\"user-email\">" + escape(user.getEmail() == null ? "" : user.getEmail()) + "</b></p>";
            response.setContentType("text/html; charset=utf-8");
            response.getWriter().write("<h1>loginkit + Jakarta Servlet</h1>" + who
                    + "<a href=\"/login\">Log in</a> <a href=\"/signup\">Sign up</a> <a href=\"/logout\">Log out</a>");
        }
    }

    public static void main(String[] args) throws Exception {
        String base = env("APP_BASE_URL", "http://127.0.0.1:9504");
        Client client = new Client(env("LOGINKIT_ENV_URL", "http://127.0.0.1:9400"),
                env("LOGINKIT_CLIENT_ID", "skc_test_confidential"), env("LOGINKIT_CLIENT_SECRET", "s3cr3t:with/special+chars%"));
        String keys = env("LOGINKIT_KEYS", TransactionKeys.generateKey());
        WebLogin web = WebLogin.builder(client, new TransactionKeys(List.of(keys.split(","))), base + "/auth/callback")
                .postLogoutRedirectUri(base + "/")
                // Plain http on loopback in the example; keep Secure in production.
                .cookieOptions(new CookieOptions("/", base.startsWith("https:")))
                .build();

        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new LoginKitFilter(web)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Home()), "/");
        URI uri = URI.create(base);
        Server server = new Server(new InetSocketAddress(uri.getHost(), uri.getPort()));
        server.setHandler(context);
        server.start();
        System.out.println("listening on " + base);
        server.join();
    }
}
