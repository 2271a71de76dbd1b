package example;

import dev.loginkit.AuthorizationUrlOptions;
import dev.loginkit.Client;
import java.util.List;

/** The seed's Java example as a program: prints the authorization URL. */
public final class Seed {
    private Seed() {}

    public static void main(String[] args) {
        Client scalekit = new Client("https://acme.scalekit.dev", "skc_1234567890");   // no network call

        // Basic authorization URL for general login
        String redirectUri = "https://yourapp.com/auth/callback";
        AuthorizationUrlOptions options = AuthorizationUrlOptions.builder()
                .scopes(List.of("openid", "profile", "email", "offline_access"))
                .state("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .build();
        String authorizationUrl = scalekit.getAuthorizationUrl(redirectUri, options);

        System.out.println(authorizationUrl);
    }
}
