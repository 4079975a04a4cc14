/* version.h: the Fulcrum version, recorded in every manifest and appendix. */
#ifndef FC_ENGINE_VERSION_H
#define FC_ENGINE_VERSION_H
#define FC_VERSION "0.1.0"
#endif
