//! `#[schema_testkit::test]`: an async test that is handed a fresh
//! database, like `#[sqlx::test]`.
//!
//! Parse (the options and the function), validate (one error per mistake,
//! all of them at once, each spanned at the token at fault), expand. The
//! expansion is a plain `#[test] fn` that starts a current-thread tokio
//! runtime through `::schema_testkit::__private`, asks the testkit for the
//! database, and calls the user's function, kept as written, as an inner
//! item: so the user's crate needs neither tokio nor `#[tokio::test]`, and
//! errors in the body point at the body. The parameter's type is not
//! matched by name here (a macro cannot resolve `use` aliases): the
//! testkit's `TestArg` trait decides what a test may take, and a wrong type
//! is a trait error at the parameter with the list of accepted types.
//!
//! When the input has a mistake the output is the errors plus the function
//! unchanged (not a test), so the user sees the real error and not a cascade
//! of "cannot find" follow-ups.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::Parser;
use syn::spanned::Spanned;

/// The options, in the order the help lists them.
const OPTIONS: &str = "`at = \"REV\"`, `empty`, `migrations = \"DIR\"`";

/// The attribute on `proc_macro2` tokens, so tests can call it.
pub(crate) fn test_inner(args: TokenStream, item: TokenStream) -> TokenStream {
    let function = match syn::parse2::<syn::ItemFn>(item.clone()) {
        Ok(function) => function,
        Err(e) => {
            let mut error = syn::Error::new(
                e.span(),
                "#[schema_testkit::test] goes on an `async fn`\n\
                 help: #[schema_testkit::test] async fn name(db: TestDatabase) { … }",
            );
            error.combine(e);
            let mut tokens = error.to_compile_error();
            tokens.extend(item);
            return tokens;
        }
    };
    // Both halves are checked, so all mistakes show at once.
    let (options, option_errors) = parse_options(args);
    let checked = validate(&function, options);
    let errors = match (option_errors, checked) {
        (None, Ok(test)) => return expand(&function, &test),
        (Some(e), Ok(_)) | (None, Err(e)) => e,
        (Some(mut e), Err(more)) => {
            e.combine(more);
            e
        }
    };
    let mut tokens = errors.to_compile_error();
    tokens.extend(fallback(&function));
    tokens
}

/// Which database the test gets.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// At all heads (cloned from the template).
    Migrated,
    /// At a revision.
    At(syn::LitStr),
    /// Empty.
    Empty,
}

#[derive(Debug)]
struct Options {
    wanted: Wanted,
    /// Where `empty` or `at` was written, for conflicts.
    wanted_span: Option<Span>,
    migrations: Option<syn::LitStr>,
    /// The attribute's own span, for "no parameter to hand it to".
    any: Option<Span>,
}

/// The options, and the errors in them (syn stops at the first mistake
/// inside the parentheses; the ones it found are kept).
fn parse_options(args: TokenStream) -> (Options, Option<syn::Error>) {
    let mut options = Options {
        wanted: Wanted::Migrated,
        wanted_span: None,
        migrations: None,
        any: None,
    };
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let parser = syn::meta::parser(|meta| {
        let key = meta.path.clone();
        let name = key
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_else(|| key.to_token_stream().to_string());
        options.any.get_or_insert(key.span());
        let set_wanted = |options: &mut Options, wanted: Wanted| {
            if let Some(first) = options.wanted_span {
                let mut e = syn::Error::new(
                    key.span(),
                    "the test can have one database: `at = \"REV\"` and `empty` exclude each other",
                );
                e.combine(syn::Error::new(first, "the other one is here"));
                return Err(e);
            }
            options.wanted = wanted;
            options.wanted_span = Some(key.span());
            Ok(())
        };
        match name.as_str() {
            "at" => {
                let value: syn::LitStr = string_value(&meta, "at = \"ae1f\"")?;
                if value.value().trim().is_empty() {
                    return Err(syn::Error::new(
                        value.span(),
                        "the revision is empty\nhelp: name a revision: `at = \"ae1f\"` (an id, a unique prefix, `label@head`, …)",
                    ));
                }
                set_wanted(&mut options, Wanted::At(value))
            }
            "empty" => {
                if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                    return Err(
                        meta.error("`empty` takes no value\nhelp: #[schema_testkit::test(empty)]")
                    );
                }
                set_wanted(&mut options, Wanted::Empty)
            }
            "migrations" => {
                if options.migrations.is_some() {
                    return Err(meta.error("`migrations` is given twice"));
                }
                options.migrations =
                    Some(string_value(&meta, "migrations = \"tests/migrations\"")?);
                Ok(())
            }
            _ => Err(syn::Error::new(
                key.span(),
                format!("unknown option `{name}`; expected one of: {OPTIONS}"),
            )),
        }
    });
    if let Err(e) = parser.parse2(args) {
        push(e);
    }
    if let (Wanted::Empty, Some(dir)) = (&options.wanted, &options.migrations) {
        push(syn::Error::new(
            dir.span(),
            "an `empty` database has no migrations to read\nhelp: drop `migrations = …`, or drop `empty` to get a migrated database",
        ));
    }
    (options, errors)
}

/// `key = "string"`, or an error showing `example`.
fn string_value(meta: &syn::meta::ParseNestedMeta<'_>, example: &str) -> syn::Result<syn::LitStr> {
    let value = meta
        .value()
        .map_err(|e| syn::Error::new(e.span(), format!("expected a value\nhelp: {example}")))?;
    let expr: syn::Expr = value.parse()?;
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(s),
        other => Err(syn::Error::new(
            other.span(),
            format!("expected a string literal\nhelp: {example}"),
        )),
    }
}

/// What the expansion needs, once the input is known to be right.
struct Checked {
    /// The type of the one parameter, if any.
    param: Option<syn::Type>,
    wanted: Wanted,
    migrations: Option<syn::LitStr>,
}

fn validate(function: &syn::ItemFn, options: Options) -> syn::Result<Checked> {
    let sig = &function.sig;
    let mut errors: Vec<syn::Error> = Vec::new();
    if sig.asyncness.is_none() {
        errors.push(syn::Error::new(
            sig.fn_token.span,
            "#[schema_testkit::test] needs an `async fn`\n\
             help: write `async fn`: the macro starts the runtime (no #[tokio::test] needed)",
        ));
    }
    if let Some(constness) = &sig.constness {
        errors.push(syn::Error::new(
            constness.span,
            "a test cannot be a `const fn`",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.push(syn::Error::new(
            sig.generics.span(),
            "a test cannot be generic: the test harness calls it without type arguments",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(syn::Error::new(
            variadic.span(),
            "a test cannot be variadic",
        ));
    }
    let mut param = None;
    for (i, input) in sig.inputs.iter().enumerate() {
        match input {
            syn::FnArg::Receiver(r) => errors.push(syn::Error::new(
                r.span(),
                "a test is a free function; it cannot take `self`",
            )),
            syn::FnArg::Typed(_) if i > 0 => errors.push(syn::Error::new(
                input.span(),
                "a test takes at most one parameter: its database\n\
                 help: take a `TestDatabase` (its `pool()` and `url()` give the rest)",
            )),
            syn::FnArg::Typed(typed) => param = Some((*typed.ty).clone()),
        }
    }
    if param.is_none()
        && let Some(span) = options
            .any
            .filter(|_| options.migrations.is_some() || options.wanted != Wanted::Migrated)
    {
        errors.push(syn::Error::new(
            span,
            "the test takes no parameter, so it gets no database to apply this option to\n\
             help: take one: `async fn name(db: TestDatabase)`",
        ));
    }
    let mut errors = errors.into_iter();
    if let Some(mut first) = errors.next() {
        for e in errors {
            first.combine(e);
        }
        return Err(first);
    }
    Ok(Checked {
        param,
        wanted: options.wanted,
        migrations: options.migrations,
    })
}

fn expand(function: &syn::ItemFn, test: &Checked) -> TokenStream {
    let syn::ItemFn {
        attrs, vis, sig, ..
    } = function;
    let name = &sig.ident;
    let output = &sig.output;
    // The user's function as an item inside the test, its attributes
    // moved to the test (lint levels reach nested items from there).
    let inner = syn::ItemFn {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        ..function.clone()
    };
    let body = match &test.param {
        None => quote! { __runtime.block_on(#name()) },
        Some(ty) => {
            let migrations = match &test.migrations {
                Some(dir) => quote!(::core::option::Option::Some(#dir)),
                None => quote!(::core::option::Option::None),
            };
            let wanted = match &test.wanted {
                Wanted::Migrated => quote!(::schema_testkit::__private::Wanted::Migrated),
                Wanted::At(rev) => quote!(::schema_testkit::__private::Wanted::At(#rev)),
                Wanted::Empty => quote!(::schema_testkit::__private::Wanted::Empty),
            };
            // Spanned at the parameter's type: a type the testkit cannot
            // hand over is an error there.
            let arg = quote_spanned! {ty.span()=>
                <#ty as ::schema_testkit::__private::TestArg<'_>>::from_slot(&mut __database)
            };
            quote! {
                __runtime.block_on(async {
                    let mut __database = ::schema_testkit::__private::test_database(
                        #wanted,
                        #migrations,
                        ::core::env!("CARGO_MANIFEST_DIR"),
                    )
                    .await;
                    #name(#arg).await
                })
            }
        }
    };
    // Builds without `cfg(test)` (`cargo check`, trybuild) drop the test
    // and its body: this checks the parameter's type there, once.
    let type_check = test.param.as_ref().map(|ty| {
        quote_spanned! {ty.span()=>
            #[cfg(not(test))]
            const _: fn() = || {
                let _ = <#ty as ::schema_testkit::__private::TestArg<'_>>::from_slot;
            };
        }
    });
    quote! {
        #type_check
        #(#attrs)*
        #[::core::prelude::v1::test]
        #vis fn #name() #output {
            #inner
            let __runtime = ::schema_testkit::__private::runtime();
            #body
        }
    }
}

/// The function as written, kept out of the test harness and of the
/// dead-code lint, so that only the real errors show.
fn fallback(function: &syn::ItemFn) -> TokenStream {
    quote! {
        #[allow(dead_code)]
        #function
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(args: TokenStream, item: TokenStream) -> String {
        let output = test_inner(args, item);
        let file = syn::parse2::<syn::File>(output.clone())
            .unwrap_or_else(|e| panic!("the expansion is not Rust ({e}): {output}"));
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_migrated_database() {
        insta::assert_snapshot!(expand(
            quote!(),
            quote! {
                /// Docs stay.
                #[ignore = "slow"]
                async fn users_start_empty(db: TestDatabase) -> Result<(), sqlx::Error> {
                    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM \"user\"")
                        .fetch_one(db.pool())
                        .await?;
                    assert_eq!(n, 0);
                    Ok(())
                }
            }
        ));
    }

    #[test]
    fn at_a_revision_from_another_directory() {
        insta::assert_snapshot!(expand(
            quote!(at = "ae1f", migrations = "tests/migrations"),
            quote! {
                async fn data_migration(pool: PgPool) {}
            }
        ));
    }

    #[test]
    fn an_empty_database() {
        insta::assert_snapshot!(expand(
            quote!(empty),
            quote! {
                pub async fn starts_empty(db: &TestDatabase) {}
            }
        ));
    }

    #[test]
    fn no_parameter_just_a_runtime() {
        insta::assert_snapshot!(expand(
            quote!(),
            quote! {
                async fn uses_the_fixtures() {
                    let db = schema_testkit::migrated().await.unwrap();
                }
            }
        ));
    }

    #[test]
    fn mistakes_keep_the_function_out_of_the_harness() {
        insta::assert_snapshot!(expand(
            quote!(at = "x", empty, flavor = "multi_thread"),
            quote! {
                fn not_async(db: TestDatabase, other: u8) {}
            }
        ));
    }
}
