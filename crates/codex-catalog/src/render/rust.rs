//! `crates/codex-models/src/generated.rs`: the catalog as Rust, formatted with prettyplease.
//!
//! The code is table-driven (one static table per kind, one `match` per lookup), so it grows
//! linearly with the catalog. The hand-written `codex-models/src/lib.rs` holds the types and
//! methods; this file holds only data.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::markdown::escape_cell;
use crate::catalog::Catalog;
use crate::model::StatusKind;
use crate::naming::{GENERATED, id_ident, rust_ident};

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn opt_u8(v: Option<u8>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

fn opt_bool(v: Option<bool>) -> TokenStream {
    match v {
        Some(b) => quote!(Some(#b)),
        None => quote!(None),
    }
}

/// The tokens of `generated.rs`.
pub fn tokens(catalog: &Catalog) -> TokenStream {
    let meta = catalog.file();
    let model_ident = |slug: &str| ident(&rust_ident(slug));
    let variants = catalog.models().iter().map(|m| {
        let v = model_ident(m.slug());
        let doc =
            format!(" `{}`: {}", m.slug(), escape_cell(m.data().description.as_deref().unwrap_or("(no description)")));
        let deprecated = match (&m.data().status, &m.data().succeeded_by) {
            (Some(s), Some(next)) if s.kind == StatusKind::Deprecated => {
                let note = format!("deprecated: succeeded by `{next}`");
                quote!(#[deprecated(note = #note)])
            }
            (Some(s), None) if s.kind == StatusKind::Deprecated => quote!(#[deprecated]),
            _ => quote!(),
        };
        quote!(#[doc = #doc] #deprecated #v,)
    });
    let all_models: Vec<_> = catalog.models().iter().map(|m| model_ident(m.slug())).collect();
    let model_count = catalog.models().len();
    let slug_arms = catalog.models().iter().map(|m| {
        let (slug, v) = (m.slug(), model_ident(m.slug()));
        quote!(#slug => Some(Model::#v),)
    });

    let surface_idents: Vec<Ident> = meta.surfaces.iter().map(|s| ident(&id_ident(&s.id))).collect();
    let surface_variants = meta.surfaces.iter().zip(&surface_idents).map(|(s, v)| {
        let doc = format!(" {}", escape_cell(&s.label));
        quote!(#[doc = #doc] #v,)
    });
    let surface_count = meta.surfaces.len();
    let surface_infos = meta.surfaces.iter().map(|s| {
        let (id, label) = (&s.id, &s.label);
        quote!(SurfaceInfo { id: #id, label: #label },)
    });
    let surface_arms = meta.surfaces.iter().zip(&surface_idents).map(|(s, v)| {
        let id = &s.id;
        quote!(#id => Some(Surface::#v),)
    });

    let section_idents: Vec<Ident> = meta.sections.iter().map(|s| ident(&id_ident(&s.id))).collect();
    let section_variants = meta.sections.iter().zip(&section_idents).map(|(s, v)| {
        let doc = format!(" {}", escape_cell(&s.title));
        quote!(#[doc = #doc] #v,)
    });
    let section_count = meta.sections.len();
    let section_infos = meta.sections.iter().map(|s| {
        let (id, title) = (&s.id, &s.title);
        let models = s.models.iter().map(|m| model_ident(m));
        let guidance = opt_str(s.guidance.as_deref());
        quote!(SectionInfo { id: #id, title: #title, models: &[#(Model::#models),*], guidance: #guidance },)
    });
    let section_arms = meta.sections.iter().zip(&section_idents).map(|(s, v)| {
        let id = &s.id;
        quote!(#id => Some(Section::#v),)
    });

    let infos = catalog.models().iter().map(|m| {
        let d = m.data();
        let v = model_ident(m.slug());
        let slug = m.slug();
        let name = opt_str(d.name.as_deref());
        let prose_name = opt_str(d.prose_name.as_deref());
        let description = opt_str(d.description.as_deref());
        let capability = opt_u8(d.capability);
        let speed = opt_u8(d.speed);
        let section = match m.section() {
            Some(id) => {
                let s = &section_idents[id.index()];
                quote!(Some(Section::#s))
            }
            None => quote!(None),
        };
        let status = match &d.status {
            Some(s) => {
                let kind = format_ident!("{}", s.kind.variant_name());
                let (since, until) = (opt_str(s.since.as_deref()), opt_str(s.until.as_deref()));
                quote!(Some(Status { kind: StatusKind::#kind, since: #since, until: #until }))
            }
            None => quote!(None),
        };
        let succeeded_by = match &d.succeeded_by {
            Some(next) => {
                let n = model_ident(next);
                quote!(Some(Model::#n))
            }
            None => quote!(None),
        };
        let availability = catalog.surfaces_with_ids().map(|(id, _)| opt_bool(m.availability(id)));
        let notes = meta.surfaces.iter().map(|s| opt_str(d.availability_notes.get(&s.id).map(String::as_str)));
        let modalities = match &d.input_modalities {
            Some(list) => {
                let list = list.iter().map(|x| format_ident!("{}", x.variant_name()));
                quote!(Some(&[#(Modality::#list),*]))
            }
            None => quote!(None),
        };
        let wallpaper = opt_str(d.wallpaper_url.as_deref());
        let sources = d.sources.entries().into_iter().map(|(k, v)| quote!((#k, #v)));
        quote! {
            ModelInfo {
                model: Model::#v,
                slug: #slug,
                name: #name,
                prose_name: #prose_name,
                description: #description,
                capability: #capability,
                speed: #speed,
                section: #section,
                status: #status,
                succeeded_by: #succeeded_by,
                availability: [#(#availability),*],
                availability_notes: [#(#notes),*],
                input_modalities: #modalities,
                wallpaper_url: #wallpaper,
                sources: &[#(#sources),*],
            },
        }
    });

    let some_model = |m: Option<&crate::catalog::Model>| match m {
        Some(m) => {
            let v = model_ident(m.slug());
            quote!(Some(Model::#v))
        }
        None => quote!(None),
    };
    let default_model = some_model(catalog.default_model());
    let example_model = some_model(catalog.example_model());
    let cloud_model = some_model(catalog.cloud_model());
    let (cap_max, speed_max) = (meta.scales.capability.max, meta.scales.speed.max);

    quote! {
        #![allow(deprecated)]

        use crate::{Modality, ModelInfo, SectionInfo, Status, StatusKind, SurfaceInfo};

        /// A model of the catalog. `Display` and serde use its slug, and so does `Ord` (reordering
        /// the page does not reorder a sorted collection).
        ///
        /// The catalog grows, so the enum is `#[non_exhaustive]`; to hold any slug, known or not,
        /// use [`ModelRef`](crate::ModelRef).
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Model { #(#variants)* }

        /// A surface a model can be available on. `Display`, serde and `Ord` use its id.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Surface { #(#surface_variants)* }

        /// A section of the page. `Display`, serde and `Ord` use its id.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Section { #(#section_variants)* }

        /// The number of models.
        pub const MODEL_COUNT: usize = #model_count;
        /// The number of surfaces.
        pub const SURFACE_COUNT: usize = #surface_count;
        /// The number of sections.
        pub const SECTION_COUNT: usize = #section_count;
        /// The highest capability rating.
        pub const CAPABILITY_MAX: u8 = #cap_max;
        /// The highest speed rating.
        pub const SPEED_MAX: u8 = #speed_max;

        /// Every model in catalog order.
        pub(crate) const ALL_MODELS: [Model; MODEL_COUNT] = [#(Model::#all_models),*];
        /// Every surface in page order.
        pub(crate) const ALL_SURFACES: [Surface; SURFACE_COUNT] = [#(Surface::#surface_idents),*];
        /// Every section in page order.
        pub(crate) const ALL_SECTIONS: [Section; SECTION_COUNT] = [#(Section::#section_idents),*];

        /// The model `config.toml` names by default.
        pub(crate) const DEFAULT_MODEL: Option<Model> = #default_model;
        /// The model of the page's `codex -m` example.
        pub(crate) const EXAMPLE_MODEL: Option<Model> = #example_model;
        /// The model Codex Cloud tasks use, where the page names one.
        pub(crate) const CLOUD_MODEL: Option<Model> = #cloud_model;

        /// Every model's facts, indexed by `Model as usize`.
        pub(crate) static MODELS: [ModelInfo; MODEL_COUNT] = [#(#infos)*];
        /// Every surface's facts, indexed by `Surface as usize`.
        pub(crate) static SURFACES: [SurfaceInfo; SURFACE_COUNT] = [#(#surface_infos)*];
        /// Every section's facts, indexed by `Section as usize`.
        pub(crate) static SECTIONS: [SectionInfo; SECTION_COUNT] = [#(#section_infos)*];

        /// The model with this slug.
        pub(crate) fn model_from_slug(slug: &str) -> Option<Model> {
            match slug { #(#slug_arms)* _ => None }
        }

        /// The surface with this id.
        pub(crate) fn surface_from_id(id: &str) -> Option<Surface> {
            match id { #(#surface_arms)* _ => None }
        }

        /// The section with this id.
        pub(crate) fn section_from_id(id: &str) -> Option<Section> {
            match id { #(#section_arms)* _ => None }
        }
    }
}

/// `generated.rs`, formatted.
pub fn render(catalog: &Catalog) -> String {
    let file = syn::parse2::<syn::File>(tokens(catalog))
        .expect("the generator builds its tokens from validated identifiers and literals");
    format!("// @{GENERATED}\n\n{}", prettyplease::unparse(&file))
}
